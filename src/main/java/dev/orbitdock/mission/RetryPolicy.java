package dev.orbitdock.mission;

import java.time.Duration;

/** {@code failed} with attempts left becomes {@code retry_queued}, due after {@code min(10 s · 2^(attempt−1), max)}. */
public final class RetryPolicy {
    static final Duration BASE = Duration.ofSeconds(10);

    private RetryPolicy() {}

    /** @param attempt the attempt that just failed, from 1 */
    public static Duration backoff(int attempt, Duration maxBackoff) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
        int doublings = Math.min(attempt - 1, 30); // 10 s · 2^30 already exceeds any sane cap
        Duration delay = BASE.multipliedBy(1L << doublings);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    /** @param attempt the attempt that just failed; {@code maxRetries} retries follow the first attempt */
    public static boolean canRetry(int attempt, int maxRetries) {
        return attempt <= maxRetries;
    }
}
