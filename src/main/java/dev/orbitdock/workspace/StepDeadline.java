package dev.orbitdock.workspace;

import dev.orbitdock.common.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a running provisioning step must be done by, read from the injected clock: polling steps {@link #check}
 * it on every round, and steps that block on a remote command bound the command by {@link #remaining()}.
 */
public record StepDeadline(String step, Duration limit, Instant at, Clock clock) {
    public static final String EXCEEDED = "provisioning_step_timeout";

    public static StepDeadline start(String step, Duration limit, Clock clock) {
        return new StepDeadline(step, limit, clock.instant().plus(limit), clock);
    }

    public boolean passed() {
        return clock.instant().isAfter(at);
    }

    /** What is left of the deadline, at least a second (a remote command needs some time to fail by itself). */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), at);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    /**
     * @param state what the step is still waiting for, in the provider's words
     * @param hint  the setting that sets the deadline, or null
     * @throws WorkspaceException naming the step and its deadline once the deadline has passed
     */
    public void check(String state, String hint) {
        if (passed()) {
            throw exceeded(state, hint, null);
        }
    }

    WorkspaceException exceeded(String state, String hint, Throwable cause) {
        return new WorkspaceException(EXCEEDED, "Provisioning step '" + step + "' did not finish within its deadline"
                + " of " + Durations.format(limit) + ": " + state, hint, cause);
    }
}
