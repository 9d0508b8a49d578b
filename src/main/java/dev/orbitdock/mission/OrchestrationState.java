package dev.orbitdock.mission;

import java.util.Locale;
import java.util.Optional;

/** Where a mission issue is in its life. Allowed moves between these live in {@link Transitions}. */
public enum OrchestrationState {
    QUEUED, CLAIMED, PROVISIONING, RUNNING, RETRY_QUEUED, COMPLETED, FAILED, BLOCKED, STALLED;

    /** The stored and API form: {@code retry_queued}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OrchestrationState> fromWire(String wire) {
        for (OrchestrationState state : values()) {
            if (state.wire().equals(wire)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** Holds a concurrency slot: counted against {@code max_concurrent}. */
    public boolean isActive() {
        return this == CLAIMED || this == PROVISIONING || this == RUNNING;
    }

    /** Nothing more happens without a person. */
    public boolean isSettled() {
        return this == COMPLETED || this == FAILED || this == BLOCKED;
    }
}
