package dev.orbitdock.workspace.docker;

import java.util.Map;
import java.util.Objects;

/**
 * The Docker provider's settings ({@code docker_*} config keys).
 *
 * @param host             the engine: {@code unix:///var/run/docker.sock} or {@code tcp://host:port}
 * @param image            the workspace image; it must provide {@code sh}, git and OrbitDock
 * @param cpu              cores per container, or null for no limit
 * @param memoryGb         memory per container in GB, or null for no limit
 * @param orbitdockCommand how to run OrbitDock inside a container
 */
public record DockerSettings(String host, String image, Integer cpu, Integer memoryGb, String orbitdockCommand) {
    public DockerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(orbitdockCommand, "orbitdockCommand");
    }

    ContainerSpec spec(Map<String, String> labels) {
        // A clone of a private repo without a token fails at once instead of waiting for a prompt no one sees.
        return new ContainerSpec(image, labels, Map.of("GIT_TERMINAL_PROMPT", "0"),
                cpu == null ? null : cpu * 1_000_000_000L, memoryGb == null ? null : memoryGb * (1L << 30));
    }
}
