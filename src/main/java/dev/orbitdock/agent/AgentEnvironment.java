package dev.orbitdock.agent;

import java.util.Map;

/**
 * Environment OrbitDock itself gives every agent of a kind (its API key and base URL from the encrypted config),
 * below a launch's own; asked at each start, so a changed setting applies to the next agent.
 */
@FunctionalInterface
public interface AgentEnvironment {
    AgentEnvironment NONE = kind -> Map.of();

    Map<String, String> forKind(String kind);
}
