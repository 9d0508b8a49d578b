package dev.orbitdock.workspace;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each provisioning step of a remote workspace may take; a step past its deadline fails and the resource
 * is deleted. Each {@code setup i/n} step has the mission's {@code setup_timeout} instead.
 */
public record ProvisioningDeadlines(Duration creating, Duration cloning, Duration startingAgent) {
    public static final ProvisioningDeadlines DEFAULT = new ProvisioningDeadlines(Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofMinutes(1));

    public ProvisioningDeadlines {
        Objects.requireNonNull(creating, "creating");
        Objects.requireNonNull(cloning, "cloning");
        Objects.requireNonNull(startingAgent, "startingAgent");
    }

    public ProvisioningDeadlines withCreating(Duration limit) {
        return new ProvisioningDeadlines(limit, cloning, startingAgent);
    }
}
