package dev.orbitdock.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one registry of agent kinds; the composition root builds it, providers look runners up by kind. */
public final class AgentRunners {
    private final Map<String, AgentRunner> byKind = new LinkedHashMap<>();

    public AgentRunners(List<AgentRunner> runners) {
        for (AgentRunner runner : runners) {
            if (byKind.putIfAbsent(runner.kind(), runner) != null) {
                throw new IllegalArgumentException("two agent runners for kind '" + runner.kind() + "'");
            }
        }
    }

    /** The runners OrbitDock ships, with no environment of OrbitDock's own for the CLI agents. */
    public static AgentRunners standard(SessionRecorder recorder) {
        return standard(recorder, ProcessOptions.DEFAULTS, AgentEnvironment.NONE);
    }

    /** The runners OrbitDock ships: the command agent, Claude Code and Codex. */
    public static AgentRunners standard(SessionRecorder recorder, ProcessOptions options,
                                        AgentEnvironment environment) {
        return new AgentRunners(List.of(new CommandAgent(recorder, options),
                new ClaudeAgent(recorder, options, environment), new CodexAgent(recorder, options, environment)));
    }

    /** @throws AgentStartException for an unknown kind, listing the known ones */
    public AgentRunner get(String kind) {
        AgentRunner runner = byKind.get(kind);
        if (runner == null) {
            throw new AgentStartException("unknown agent kind '" + kind + "' (known: " + String.join(", ", kinds())
                    + ")", "set agent.kind in MISSION.md to one of: " + String.join(", ", kinds()), null);
        }
        return runner;
    }

    /** Registered kinds, in registration order. */
    public List<String> kinds() {
        return List.copyOf(byKind.keySet());
    }
}
