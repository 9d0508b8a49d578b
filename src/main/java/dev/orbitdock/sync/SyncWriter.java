package dev.orbitdock.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The managed instance's client of {@code POST /api/sync} (ARCHITECTURE §4 "Client"). One virtual thread reads the
 * outbox in sequence order above what the control plane acknowledged, posts it, and deletes acknowledged rows in
 * the background. A lost response only causes a replay the receiver skips as already acked.
 */
public final class SyncWriter implements AutoCloseable {
    /** What one turn of the loop asks for next. */
    private sealed interface Next {
        /** Nothing due: wait for a commit (wake) or the poll interval. */
        record Idle() implements Next {}

        /** Go again at once (more rows may be waiting). */
        record Now() implements Next {}

        /** Back off before retrying; commits must not cut it short. */
        record After(Duration delay) implements Next {}
    }

    /** What the caller (and {@code workspace show}) can read; Failed is terminal and needs a human or a new token. */
    public sealed interface State {
        record Running() implements State {}

        record Stopped(String reason) implements State {}

        /** {@code status} is the HTTP status (0 when no response was involved), {@code code} the API error code. */
        record Failed(int status, String code, String message) implements State {}
    }

    public record Stats(long ackedThrough, long outboxDepth, String lastError, Instant lastSuccess,
                        long requests, long gzippedRequests, State state) {}

    private final SyncOutboxRows outbox;
    private final SyncTransport transport;
    private final String workspaceId;
    private final Clock clock;
    private final SyncWriterOptions options;
    private final SyncBackoff backoff;
    private final Semaphore wake = new Semaphore(0);
    /**
     * What the control plane has applied, as far as this writer knows: batches are read above it, so deleting acked
     * rows never holds up the next request. Starts at 0 after a restart; the first answer corrects it.
     */
    private final AtomicLong ackedThrough = new AtomicLong();
    private volatile CompletableFuture<Integer> lastDelete = CompletableFuture.completedFuture(0);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong gzipped = new AtomicLong();
    /** Notified whenever the outbox shrinks or the state changes, so {@link #drain} waits without polling. */
    private final Object progress = new Object();
    private volatile State state = new State.Running();
    private final CompletableFuture<State.Failed> failed = new CompletableFuture<>();
    private volatile String lastError;
    private volatile Instant lastSuccess;
    private volatile Instant lastSent;
    private volatile boolean stopping;
    private Thread thread;

    public SyncWriter(Database database, PersistenceWriter writer, String workspaceId, long generation,
                      SyncTransport transport, Clock clock, Random random, SyncWriterOptions options) {
        this.outbox = new SyncOutboxRows(database, writer, workspaceId, generation);
        this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.backoff = new SyncBackoff(options.backoffMin(), options.backoffMax(), random);
        this.lastSent = clock.instant();
    }

    /** Starts the background thread; idempotent. */
    public synchronized SyncWriter start() {
        if (thread == null) {
            thread = Thread.ofVirtual().name("sync-writer-" + workspaceId).start(this::run);
        }
        return this;
    }

    /** New rows were committed: look now instead of at the end of the poll interval. */
    public void wake() {
        if (wake.availablePermits() == 0) { // one pending wake-up is enough; don't pile up permits
            wake.release();
        }
    }

    public State state() {
        return state;
    }

    /** Completes when the writer stops for good on an answer no retry can fix (401/403, fenced, refused batch). */
    public CompletableFuture<State.Failed> failed() {
        return failed.copy();
    }

    public Stats stats() {
        long depth;
        try {
            depth = outbox.depthAfter(ackedThrough.get());
        } catch (RuntimeException e) {
            depth = -1; // database closed: stats stay readable
        }
        return new Stats(ackedThrough.get(), depth, lastError, lastSuccess, requests.get(), gzipped.get(), state);
    }

    /**
     * Sends until the outbox is empty, the writer fails, or {@code deadline} passes. Starts the thread if needed.
     *
     * @return whether the whole outbox was acknowledged and deleted
     */
    public boolean drain(Duration deadline) throws InterruptedException {
        start();
        wake(); // skip the poll wait; a backoff in progress still runs its course
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (progress) {
            while (outbox.depthAfter(ackedThrough.get()) > 0) {
                long left = end - System.nanoTime();
                if (left <= 0 || stopping || !(state instanceof State.Running)) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        awaitDeletes(); // acked is enough for the control plane; the caller may also count on an empty outbox
        return true;
    }

    /** Waits for the deletion of acknowledged rows that is under way, if any. */
    void awaitDeletes() {
        lastDelete.join();
    }

    /** Rows the control plane has not acknowledged yet. */
    long pending() {
        return outbox.depthAfter(ackedThrough.get());
    }

    /** Stops the background thread (an in-flight request is interrupted; its rows stay in the outbox). */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            stopping = true;
            running = thread;
        }
        wake.release();
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (state instanceof State.Running) {
            state = new State.Stopped("closed");
        }
        signal();
    }

    @Override
    public String toString() {
        return "SyncWriter[" + workspaceId + " -> " + transport + ", " + state + "]";
    }

    private void run() {
        try {
            while (!stopping && state instanceof State.Running) {
                switch (turn()) {
                    case Next.Idle idle -> wake.tryAcquire(options.poll().toNanos(), TimeUnit.NANOSECONDS);
                    case Next.Now now -> { }
                    case Next.After after -> Thread.sleep(after.delay());
                }
            }
        } catch (InterruptedException e) {
            // close(): the outbox keeps whatever was not acked
        } catch (RuntimeException e) {
            if (!stopping) {
                fail(0, "sync_writer_error", String.valueOf(e.getMessage()));
            }
        }
    }

    /**
     * One turn of the loop: sends the oldest rows (or a heartbeat when one is due) and handles the answer. The
     * convergence tests drive it directly, with no thread, so every interleaving of faults is reproducible.
     */
    Next turn() throws InterruptedException {
        List<SyncOutboxRows.Row> batch = outbox.after(ackedThrough.get(), options.maxBatch());
        boolean heartbeatDue = !clock.instant().isBefore(lastSent.plus(options.heartbeat()));
        if (batch.isEmpty() && !heartbeatDue) {
            return new Next.Idle();
        }
        Duration retry = send(batch);
        return retry == null ? new Next.Now() : new Next.After(retry);
    }

    /** Whether the loop would keep going (tests stop driving {@link #turn} when it would not). */
    boolean running() {
        return state instanceof State.Running;
    }

    /** One request and its outcome; returns a delay to wait before retrying, or null to continue at once. */
    private Duration send(List<SyncOutboxRows.Row> batch) throws InterruptedException {
        SyncTransport.Response response;
        try {
            lastSent = clock.instant();
            requests.incrementAndGet();
            response = post(batch);
        } catch (IOException e) {
            lastError = "network: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            return backoff.next();
        }
        int status = response.status();
        JsonNode body = parse(response.body());
        String code = body.path("code").asText("http_" + status);
        String message = body.path("error").asText("HTTP " + status);
        if (status == 200) {
            acked(body.path("acked_through").asLong());
            return null;
        }
        if (status >= 500) {
            lastError = status + " " + code;
            return backoff.next();
        }
        if (status == 409 && code.equals("sync_sequence_gap")) {
            long expected = body.path("expected").asLong();
            if (!batch.isEmpty() && expected == batch.getFirst().sequence()) {
                // A gap at exactly what we sent contradicts itself; resending would loop without backoff.
                fail(status, code, message);
                return null;
            }
            return gap(expected);
        }
        // 401/403 (token), 409 stale_generation (fenced), 400/413 (a batch retrying cannot fix): stop and report.
        fail(status, code, message);
        return null;
    }

    private void acked(long through) {
        // The outcome is recorded before the rows go: whoever sees the outbox empty also sees the success.
        lastSuccess = clock.instant();
        lastError = null;
        backoff.reset();
        if (through > ackedThrough.get()) {
            ackedThrough.set(through);
            lastDelete = outbox.deleteThrough(through);
        }
        signal();
    }

    /**
     * The control plane has applied exactly up to {@code expected - 1} (its word is final, even below what we
     * believed); resend from there. If {@code expected} itself has left the outbox, nothing can heal the gap.
     */
    private Duration gap(long expected) {
        ackedThrough.set(expected - 1);
        if (expected > 1) {
            lastDelete = outbox.deleteThrough(expected - 1);
        }
        List<SyncOutboxRows.Row> next = outbox.after(expected - 1, 1);
        if (!next.isEmpty() && next.getFirst().sequence() > expected) {
            fail(409, "sync_sequence_gap", "the control plane expects sequence " + expected
                    + " but the outbox continues at " + next.getFirst().sequence());
            return null;
        }
        lastError = "409 sync_sequence_gap: resending from " + expected;
        signal();
        return null;
    }

    private void fail(int status, String code, String message) {
        lastError = (status == 0 ? "" : status + " ") + code + ": " + message;
        State.Failed failure = new State.Failed(status, code, message);
        state = failure;
        failed.complete(failure);
        signal();
    }

    private void signal() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** The batch with the depth left behind it, so the control plane can show this workspace's backlog. */
    private SyncTransport.Response post(List<SyncOutboxRows.Row> batch) throws IOException, InterruptedException {
        long behind = outbox.depthAfter(batch.isEmpty() ? ackedThrough.get() : batch.getLast().sequence());
        byte[] json = outbox.batchJson(batch, behind);
        if (json.length > options.gzipAbove()) {
            gzipped.incrementAndGet();
            return transport.post(gzip(json), true);
        }
        return transport.post(json, false);
    }

    private static JsonNode parse(String body) {
        try {
            return SyncJson.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return SyncJson.mapper().createObjectNode(); // a proxy's HTML error page: the status decides
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        // Fastest level: on the wire JSON still shrinks ~20x, at a fraction of the default level's CPU.
        try (GZIPOutputStream zip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
