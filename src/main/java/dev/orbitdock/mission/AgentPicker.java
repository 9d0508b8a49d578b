package dev.orbitdock.mission;

import dev.orbitdock.mission.MissionConfig.ProviderStrategy;

/**
 * Which of a mission's two agents ({@code provider.primary}, {@code provider.secondary}) takes the next issue,
 * by {@code provider.strategy}. The total ({@code max_concurrent}) is the dispatcher's to enforce; this enforces
 * {@code max_concurrent_primary}, the primary's own cap, in every strategy.
 */
final class AgentPicker {
    enum Role { PRIMARY, SECONDARY }

    private AgentPicker() {}

    /**
     * @param activePrimary claimed, provisioning or running issues on the primary agent
     * @param last          the role of the mission's previous dispatch (null before the first)
     * @return the role for the next issue, or null when only the primary may run and it is at its cap
     */
    static Role pick(ProviderStrategy strategy, Integer maxConcurrentPrimary, boolean hasSecondary,
                     int activePrimary, Role last) {
        boolean primaryFree = maxConcurrentPrimary == null || activePrimary < maxConcurrentPrimary;
        ProviderStrategy effective = hasSecondary ? strategy : ProviderStrategy.SINGLE;
        return switch (effective) {
            case SINGLE -> primaryFree ? Role.PRIMARY : null;
            case PRIORITY -> primaryFree ? Role.PRIMARY : Role.SECONDARY;
            case ROUND_ROBIN -> primaryFree && last != Role.PRIMARY ? Role.PRIMARY : Role.SECONDARY;
        };
    }
}
