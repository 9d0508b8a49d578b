package dev.orbitdock.store;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Patch;
import java.time.Instant;
import java.util.Objects;

/** Mutations of {@code workspaces}. */
public sealed interface WorkspaceCommand extends PersistCommand {
    String workspaceId();

    @JsonTypeName("workspace.create")
    record Create(String workspaceId, String missionIssueId, String sessionId, String provider, String repoUrl,
                  String branch, String status, String syncTokenId, Instant at) implements WorkspaceCommand {
        public Create {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(at, "at");
        }
    }

    @JsonTypeName("workspace.update")
    record Update(String workspaceId, Patch<String> externalId, Patch<String> status, Patch<JsonNode> connectionInfo,
                  Patch<Long> syncAckedThrough, Patch<Long> syncGeneration, Patch<Instant> lastHeartbeatAt,
                  Patch<String> lastError, Patch<Instant> readyAt, Patch<Instant> destroyedAt)
            implements WorkspaceCommand {
        public Update {
            Objects.requireNonNull(workspaceId, "workspaceId");
        }
    }
}
