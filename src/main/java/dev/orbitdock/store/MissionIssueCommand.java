package dev.orbitdock.store;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.orbitdock.common.Patch;
import java.time.Instant;
import java.util.Objects;

/** Mutations of {@code mission_issues}: a tracker issue as the orchestrator sees it. */
public sealed interface MissionIssueCommand extends PersistCommand {
    String missionIssueId();

    @JsonTypeName("mission_issue.create")
    record Create(String missionIssueId, String missionId, String trackerIssueId, String identifier, String title,
                  String url, int priority, Instant trackerCreatedAt, String state, Instant at)
            implements MissionIssueCommand {
        public Create {
            Objects.requireNonNull(missionIssueId, "missionIssueId");
            Objects.requireNonNull(missionId, "missionId");
            Objects.requireNonNull(trackerIssueId, "trackerIssueId");
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(at, "at");
        }
    }

    @JsonTypeName("mission_issue.update")
    record Update(String missionIssueId, Patch<String> title, Patch<String> state, Patch<Integer> attempt,
                  Patch<String> workspaceId, Patch<String> sessionId, Patch<Instant> retryDueAt,
                  Patch<String> lastError, Patch<String> prUrl, Patch<Instant> lastHeartbeatAt,
                  Patch<Instant> lastProgressAt, Instant at) implements MissionIssueCommand {
        public Update {
            Objects.requireNonNull(missionIssueId, "missionIssueId");
            Objects.requireNonNull(at, "at");
        }
    }
}
