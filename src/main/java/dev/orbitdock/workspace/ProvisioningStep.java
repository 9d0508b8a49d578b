package dev.orbitdock.workspace;

/** One step of provisioning as reported while it happens ({@code creating}, {@code cloning}, {@code setup 2/3}, …). */
public record ProvisioningStep(String name, Phase phase, String detail) {
    public enum Phase { STARTED, FINISHED, FAILED }
}
