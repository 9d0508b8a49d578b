package dev.orbitdock.store;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.orbitdock.common.Patch;
import java.time.Instant;
import java.util.Objects;

/** Mutations of the {@code sessions} table. */
public sealed interface SessionCommand extends PersistCommand {
    String sessionId();

    @JsonTypeName("session.create")
    record Create(String sessionId, String provider, String status, String workspaceId, String missionIssueId,
                  String cwd, String model, Instant startedAt) implements SessionCommand {
        public Create {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(startedAt, "startedAt");
        }
    }

    @JsonTypeName("session.update")
    record Update(String sessionId, Patch<String> status, Patch<String> model, Patch<String> title,
                  Patch<String> externalSessionId, Patch<Instant> lastActivityAt, Patch<Instant> lastProgressAt)
            implements SessionCommand {
        public Update {
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }

    @JsonTypeName("session.end")
    record End(String sessionId, String reason, Instant endedAt) implements SessionCommand {
        public End {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(endedAt, "endedAt");
        }
    }
}
