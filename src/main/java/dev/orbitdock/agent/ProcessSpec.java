package dev.orbitdock.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to run for one agent session.
 *
 * @param kind          the agent kind, recorded as the session's provider
 * @param argv          the command line; never holds a secret (credentials travel in the environment)
 * @param defaultEnv    environment below the launch's own (e.g. credentials from OrbitDock's config)
 * @param overrideEnv   environment above the launch's (the mission's {@code env} for this agent)
 * @param promptOnStdin whether the prompt file is the process's standard input (else it reads nothing)
 * @param timeout       how long the agent may run before it is killed
 * @param startHint     what to tell a person when the process cannot be started
 */
record ProcessSpec(String kind, List<String> argv, Map<String, String> defaultEnv, Map<String, String> overrideEnv,
                   boolean promptOnStdin, Duration timeout, String startHint) {
    ProcessSpec {
        argv = List.copyOf(argv);
        defaultEnv = Map.copyOf(defaultEnv);
        overrideEnv = Map.copyOf(overrideEnv);
    }
}
