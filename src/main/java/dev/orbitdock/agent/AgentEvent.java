package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Objects;

/** What one line of an agent CLI's output means to OrbitDock, whichever CLI printed it. */
public sealed interface AgentEvent {

    /**
     * A conversation row. A non-null {@code key} (the CLI's own id for the item) makes a later row with the same key
     * replace this one in place, so an item reported as started and then as completed is one row.
     */
    record Row(RowType type, String key, ObjectNode payload) implements AgentEvent {
        public Row {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(payload, "payload");
        }

        public static Row of(RowType type, ObjectNode payload) {
            return new Row(type, null, payload);
        }
    }

    /**
     * Tokens (input includes cached input) and cost reported by the CLI for one model; a null model means the CLI
     * did not say.
     */
    record Usage(String model, long inputTokens, long outputTokens, long cachedInputTokens, BigDecimal costUsd)
            implements AgentEvent {
        public Usage {
            Objects.requireNonNull(costUsd, "costUsd");
        }
    }

    /** The CLI's own session (claude) or thread (codex) id, which resumes it, and the model it runs. */
    record SessionStarted(String externalSessionId, String model) implements AgentEvent {}

    /** The session is {@code working} on a turn or {@code waiting} after one. */
    record Status(String status) implements AgentEvent {
        public static final Status WORKING = new Status("working");
        public static final Status WAITING = new Status("waiting");
    }
}
