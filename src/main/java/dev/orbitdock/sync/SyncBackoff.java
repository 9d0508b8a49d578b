package dev.orbitdock.sync;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of {@code min * 2^n}, capped at
 * {@code max}. The jitter spreads retries from many workspaces after a control-plane restart; the injected
 * {@link Random} keeps tests deterministic.
 */
final class SyncBackoff {
    private final Duration min;
    private final Duration max;
    private final Random random;
    private int attempt;

    SyncBackoff(Duration min, Duration max, Random random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max");
        }
        this.min = min;
        this.max = max;
        this.random = random;
    }

    /** The next delay, growing with each consecutive failure. */
    Duration next() {
        long cap = max.toNanos();
        long ceiling = min.toNanos() << Math.min(attempt, 40); // shift bound: 2^40 * min overflows nothing useful
        if (ceiling <= 0 || ceiling > cap) {
            ceiling = cap;
        }
        attempt++;
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.nextDouble() * (ceiling - half)));
    }

    void reset() {
        attempt = 0;
    }
}
