package dev.orbitdock.agent;

import java.time.Duration;

/**
 * How an agent process is ended and drained, for every process agent.
 *
 * @param killGrace    how long a killed or timed-out agent gets between SIGTERM and SIGKILL
 * @param drainTimeout how long to wait for the rest of the output once the agent's process has exited
 */
public record ProcessOptions(Duration killGrace, Duration drainTimeout) {
    public static final ProcessOptions DEFAULTS = new ProcessOptions(Duration.ofSeconds(5), Duration.ofSeconds(5));
}
