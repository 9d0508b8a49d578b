package dev.orbitdock.sync;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.orbitdock.store.PersistCommand;
import java.time.Instant;
import java.util.Objects;

/** One replicated command on the wire: its outbox sequence, its workspace and the generation that sent it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SyncEnvelope(long sequence, String workspaceId, long generation, Instant timestamp,
                           @JsonDeserialize(using = CommandSpans.Recorder.class) PersistCommand command) {
    public SyncEnvelope {
        Objects.requireNonNull(workspaceId, "workspace_id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(command, "command");
    }
}
