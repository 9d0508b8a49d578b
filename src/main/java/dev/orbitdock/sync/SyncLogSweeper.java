package dev.orbitdock.sync;

import dev.orbitdock.store.PersistenceWriter;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the control plane's {@code sync_log} (the audit of every replicated command) to its retention age. Pruning
 * is always safe: idempotent replay rests on each workspace's {@code sync_acked_through}, not on the log.
 * Deletes go in chunks, each its own writer entry, so a large backlog never holds the writer for long.
 */
public final class SyncLogSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncLogSweeper.class);
    static final int CHUNK = 5_000;

    private final PersistenceWriter writer;
    private final Clock clock;
    private final Duration retention;
    private final Duration interval;
    private Thread thread;

    /** @param interval time between sweeps; the first runs at {@link #start()} */
    public SyncLogSweeper(PersistenceWriter writer, Clock clock, Duration retention, Duration interval) {
        if (retention.isNegative() || retention.isZero() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("retention and interval must be positive");
        }
        this.writer = writer;
        this.clock = clock;
        this.retention = retention;
        this.interval = interval;
    }

    /** Deletes every entry received before {@code now - retention}; returns how many. */
    public long sweepOnce() {
        String cutoff = clock.instant().minus(retention).toString();
        long total = 0;
        int deleted;
        do {
            deleted = deleteChunk(cutoff);
            total += deleted;
        } while (deleted == CHUNK);
        return total;
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofVirtual().name("sync-log-sweeper").start(this::loop);
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            running = thread;
            thread = null;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    long deleted = sweepOnce();
                    if (deleted > 0) {
                        log.info("pruned {} sync log entries older than {}", deleted, retention);
                    }
                } catch (RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    log.warn("sync log sweep failed (will retry): {}", e.toString());
                }
                Thread.sleep(interval);
            }
        } catch (InterruptedException e) {
            // close()
        }
    }

    private int deleteChunk(String cutoff) {
        try {
            return writer.submitWork(ctx -> {
                try (PreparedStatement delete = ctx.connection().prepareStatement("DELETE FROM sync_log WHERE rowid IN"
                        + " (SELECT rowid FROM sync_log WHERE received_at < ? LIMIT " + CHUNK + ")")) {
                    delete.setString(1, cutoff);
                    return delete.executeUpdate();
                }
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
