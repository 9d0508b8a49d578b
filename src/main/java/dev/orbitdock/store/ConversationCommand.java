package dev.orbitdock.store;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * Mutations of {@code conversation_rows}. The row's per-session {@code sequence} is assigned when the command is
 * applied (next after the session's highest), so replaying the same commands in the same order assigns the same
 * sequences; the writer hands the assigned sequence back through {@link Applied#sequence()}.
 */
public sealed interface ConversationCommand extends PersistCommand {
    String rowId();

    String sessionId();

    /** Adds a row; fails if {@code rowId} exists. */
    @JsonTypeName("conversation.append")
    record Append(String rowId, String sessionId, String turnId, String rowType, JsonNode payload, Instant at)
            implements ConversationCommand {
        public Append {
            requireRow(rowId, sessionId, rowType, payload, at);
        }
    }

    /** Replaces an existing row's content in place (keeping its sequence), or appends it. */
    @JsonTypeName("conversation.upsert")
    record Upsert(String rowId, String sessionId, String turnId, String rowType, JsonNode payload, Instant at)
            implements ConversationCommand {
        public Upsert {
            requireRow(rowId, sessionId, rowType, payload, at);
        }
    }

    private static void requireRow(String rowId, String sessionId, String rowType, JsonNode payload, Instant at) {
        Objects.requireNonNull(rowId, "rowId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(rowType, "rowType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(at, "at");
    }
}
