package dev.orbitdock.workspace;

import java.time.Duration;

/** One step of a provider's smoke test ({@code mission provider test}, {@code doctor}): what, whether, how long. */
public record SmokeStep(String name, boolean ok, Duration took, String detail) {}
