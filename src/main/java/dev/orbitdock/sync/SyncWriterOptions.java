package dev.orbitdock.sync;

import java.time.Duration;

/**
 * Tunables of {@link SyncWriter}. Defaults follow ARCHITECTURE §4; tests shrink the durations so retries and
 * heartbeats happen in milliseconds.
 *
 * @param maxBatch     envelopes per request (the receiver refuses more than {@link SyncBatch#MAX_ENVELOPES})
 * @param gzipAbove    bodies larger than this many bytes are sent gzip-compressed
 * @param poll         how long an idle writer waits before looking at the outbox again (the batching window)
 * @param heartbeat    an empty batch is sent after this long without any request
 * @param backoffMin   first retry delay after a network error or 5xx
 * @param backoffMax   retry delay cap
 */
public record SyncWriterOptions(int maxBatch, int gzipAbove, Duration poll, Duration heartbeat, Duration backoffMin,
                                Duration backoffMax) {
    public SyncWriterOptions {
        if (maxBatch < 1 || maxBatch > SyncBatch.MAX_ENVELOPES) {
            throw new IllegalArgumentException("maxBatch must be 1.." + SyncBatch.MAX_ENVELOPES);
        }
    }

    public static SyncWriterOptions defaults() {
        return new SyncWriterOptions(SyncBatch.MAX_ENVELOPES, 8 * 1024, Duration.ofMillis(100), Duration.ofSeconds(10),
                Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    public SyncWriterOptions withMaxBatch(int value) {
        return new SyncWriterOptions(value, gzipAbove, poll, heartbeat, backoffMin, backoffMax);
    }

    public SyncWriterOptions withGzipAbove(int bytes) {
        return new SyncWriterOptions(maxBatch, bytes, poll, heartbeat, backoffMin, backoffMax);
    }

    public SyncWriterOptions withHeartbeat(Duration value) {
        return new SyncWriterOptions(maxBatch, gzipAbove, poll, value, backoffMin, backoffMax);
    }

    public SyncWriterOptions withPoll(Duration value) {
        return new SyncWriterOptions(maxBatch, gzipAbove, value, heartbeat, backoffMin, backoffMax);
    }

    public SyncWriterOptions withBackoff(Duration min, Duration max) {
        return new SyncWriterOptions(maxBatch, gzipAbove, poll, heartbeat, min, max);
    }
}
