package dev.orbitdock.workspace;

import java.time.Duration;

/**
 * How a remote provider watches and stops its managed instance.
 *
 * @param poll      how often a starting machine or a running instance is checked
 * @param killGrace how long a killed instance has to drain before SIGKILL
 * @param drain     how long a graceful destroy waits for the instance to end
 */
public record InstanceTiming(Duration poll, Duration killGrace, Duration drain) {
    public static final InstanceTiming DEFAULT = new InstanceTiming(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofSeconds(45));
}
