package dev.orbitdock.sync;

import java.util.List;

/** The body of {@code POST /api/sync}: envelopes in sequence order; an empty list is a heartbeat. */
public record SyncBatch(List<SyncEnvelope> commands) {
    /** More than this many envelopes in one request is refused (413), so one batch stays one bounded transaction. */
    public static final int MAX_ENVELOPES = 1000;

    public SyncBatch {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }
}
