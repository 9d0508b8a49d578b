package dev.orbitdock.workspace;

import java.time.Duration;

/**
 * One step of provisioning as reported while it happens ({@code creating}, {@code cloning}, {@code setup 2/3}, …).
 *
 * @param deadline how long the step may take from its start, or null when it has none
 */
public record ProvisioningStep(String name, Phase phase, String detail, Duration deadline) {
    public enum Phase { STARTED, FINISHED, FAILED }

    /** A step reported without a deadline. */
    public ProvisioningStep(String name, Phase phase, String detail) {
        this(name, phase, detail, null);
    }
}
