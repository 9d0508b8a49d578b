package dev.orbitdock.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /api/sync}: envelopes in sequence order; an empty list is a heartbeat.
 *
 * @param outboxDepth how many outbox rows the workspace still holds behind this batch (null from a client that does
 *                    not say); the control plane shows it as the workspace's backlog
 */
public record SyncBatch(List<SyncEnvelope> commands,
                        @JsonProperty("outbox_depth") @JsonInclude(JsonInclude.Include.NON_NULL) Long outboxDepth) {
    /** More than this many envelopes in one request is refused (413), so one batch stays one bounded transaction. */
    public static final int MAX_ENVELOPES = 1000;

    public SyncBatch {
        commands = commands == null ? List.of() : List.copyOf(commands);
        if (outboxDepth != null && outboxDepth < 0) {
            throw new IllegalArgumentException("outbox_depth must not be negative");
        }
    }

    public SyncBatch(List<SyncEnvelope> commands) {
        this(commands, null);
    }
}
