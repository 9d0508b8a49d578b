package dev.orbitdock.mission;

import java.time.Instant;

/** A row of {@code mission_issues}: one tracker issue as the orchestrator tracks it. */
public record MissionIssue(String id, String missionId, String trackerIssueId, String identifier, String title,
                           String url, OrchestrationState state, int attempt, String workspaceId, String sessionId,
                           Instant retryDueAt, String lastError, String prUrl, int priority,
                           Instant trackerCreatedAt, Instant createdAt, Instant updatedAt) {

    /** Ordering for dispatch: priority 1 (urgent) … 4, then 0 (none); older issues first within a priority. */
    public static final java.util.Comparator<MissionIssue> DISPATCH_ORDER = java.util.Comparator
            .comparingInt((MissionIssue i) -> i.priority() == 0 ? Integer.MAX_VALUE : i.priority())
            .thenComparing(i -> i.trackerCreatedAt() != null ? i.trackerCreatedAt() : i.createdAt())
            .thenComparing(MissionIssue::id);
}
