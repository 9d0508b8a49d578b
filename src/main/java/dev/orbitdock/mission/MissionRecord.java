package dev.orbitdock.mission;

import java.nio.file.Path;
import java.time.Instant;

/** A row of {@code missions}: a registered repo and what its MISSION.md said when last read. */
public record MissionRecord(String id, String name, Path repoPath, String tracker, String configJson,
                            String parseError, boolean paused, Instant lastPolledAt, String lastPollError,
                            Instant triggerRequestedAt, Instant createdAt, Instant updatedAt) {

    /** A trigger newer than the last poll asks for a poll now. */
    public boolean triggerPending() {
        return triggerRequestedAt != null && (lastPolledAt == null || triggerRequestedAt.isAfter(lastPolledAt));
    }
}
