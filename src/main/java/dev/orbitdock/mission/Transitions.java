package dev.orbitdock.mission;

import static dev.orbitdock.mission.OrchestrationState.BLOCKED;
import static dev.orbitdock.mission.OrchestrationState.CLAIMED;
import static dev.orbitdock.mission.OrchestrationState.COMPLETED;
import static dev.orbitdock.mission.OrchestrationState.FAILED;
import static dev.orbitdock.mission.OrchestrationState.PROVISIONING;
import static dev.orbitdock.mission.OrchestrationState.QUEUED;
import static dev.orbitdock.mission.OrchestrationState.RETRY_QUEUED;
import static dev.orbitdock.mission.OrchestrationState.RUNNING;
import static dev.orbitdock.mission.OrchestrationState.STALLED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one transition table of the orchestrator. {@link #AUTOMATIC} moves are made by the orchestrator itself;
 * {@link #MANUAL} ones are what a person may ask for (CLI, REST) and are shown to clients as
 * {@code allowed_transitions}. Anything not listed is refused.
 */
public final class Transitions {
    private Transitions() {}

    private static final Map<OrchestrationState, Set<OrchestrationState>> AUTOMATIC = table(Map.of(
            QUEUED, EnumSet.of(CLAIMED, COMPLETED),
            CLAIMED, EnumSet.of(PROVISIONING, RUNNING, FAILED, QUEUED),
            PROVISIONING, EnumSet.of(RUNNING, FAILED, STALLED, COMPLETED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, BLOCKED, STALLED),
            RETRY_QUEUED, EnumSet.of(QUEUED, COMPLETED),
            FAILED, EnumSet.of(RETRY_QUEUED),
            STALLED, EnumSet.of(RETRY_QUEUED, FAILED),
            BLOCKED, EnumSet.noneOf(OrchestrationState.class),
            COMPLETED, EnumSet.noneOf(OrchestrationState.class)));

    private static final Map<OrchestrationState, Set<OrchestrationState>> MANUAL = table(Map.of(
            QUEUED, EnumSet.of(BLOCKED),
            RETRY_QUEUED, EnumSet.of(QUEUED, BLOCKED),
            FAILED, EnumSet.of(QUEUED),
            STALLED, EnumSet.of(QUEUED),
            BLOCKED, EnumSet.of(QUEUED)));

    public static boolean automaticAllowed(OrchestrationState from, OrchestrationState to) {
        return AUTOMATIC.get(from).contains(to);
    }

    public static boolean manualAllowed(OrchestrationState from, OrchestrationState to) {
        return MANUAL.get(from).contains(to);
    }

    /** What a person may move an issue in {@code from} to. */
    public static Set<OrchestrationState> manualFrom(OrchestrationState from) {
        return MANUAL.get(from);
    }

    public static Set<OrchestrationState> automaticFrom(OrchestrationState from) {
        return AUTOMATIC.get(from);
    }

    private static Map<OrchestrationState, Set<OrchestrationState>> table(
            Map<OrchestrationState, EnumSet<OrchestrationState>> entries) {
        Map<OrchestrationState, Set<OrchestrationState>> table = new EnumMap<>(OrchestrationState.class);
        for (OrchestrationState state : OrchestrationState.values()) {
            table.put(state, Set.copyOf(entries.getOrDefault(state, EnumSet.noneOf(OrchestrationState.class))));
        }
        return Map.copyOf(table);
    }
}
