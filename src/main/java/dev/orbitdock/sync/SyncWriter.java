package dev.orbitdock.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The managed instance's client of {@code POST /api/sync} (ARCHITECTURE §4 "Client"). One virtual thread reads the
 * outbox oldest-first, posts it, and deletes what the control plane acknowledged. It always resends from the oldest
 * remaining row, so a lost response only causes a replay the receiver skips as already acked.
 */
public final class SyncWriter implements AutoCloseable {
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
    private final URI syncUrl;
    private final String token; // never logged, never in toString
    private final String workspaceId;
    private final HttpClient http;
    private final Clock clock;
    private final SyncWriterOptions options;
    private final SyncBackoff backoff;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong ackedThrough = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong gzipped = new AtomicLong();
    private volatile State state = new State.Running();
    private volatile String lastError;
    private volatile Instant lastSuccess;
    private volatile Instant lastSent;
    private volatile boolean stopping;
    private Thread thread;

    public SyncWriter(Database database, PersistenceWriter writer, URI syncUrl, String token, String workspaceId,
                      long generation, HttpClient http, Clock clock, Random random, SyncWriterOptions options) {
        this.outbox = new SyncOutboxRows(database, writer, workspaceId, generation);
        this.syncUrl = Objects.requireNonNull(syncUrl, "syncUrl");
        this.token = Objects.requireNonNull(token, "token");
        this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.backoff = new SyncBackoff(options.backoffMin(), options.backoffMax(), random);
    }

    /** Starts the background thread; idempotent. */
    public synchronized SyncWriter start() {
        if (thread == null) {
            lastSent = clock.instant();
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

    public Stats stats() {
        long depth;
        try {
            depth = outbox.depth();
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
        while (true) {
            if (outbox.depth() == 0) {
                return true;
            }
            long left = end - System.nanoTime();
            if (left <= 0 || stopping || !(state instanceof State.Running)) {
                return false;
            }
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 10));
        }
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
    }

    @Override
    public String toString() {
        return "SyncWriter[" + workspaceId + " -> " + syncUrl + ", " + state + "]";
    }

    private void run() {
        try {
            while (!stopping && state instanceof State.Running) {
                List<SyncEnvelope> batch = outbox.oldest(options.maxBatch());
                boolean heartbeatDue = !clock.instant().isBefore(lastSent.plus(options.heartbeat()));
                if (batch.isEmpty() && !heartbeatDue) {
                    wake.tryAcquire(options.poll().toNanos(), TimeUnit.NANOSECONDS);
                    continue;
                }
                Duration retry = send(batch);
                if (retry != null) {
                    Thread.sleep(retry); // not the wake semaphore: new commits must not cut a backoff short
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

    /** One request and its outcome; returns a delay to wait before retrying, or null to continue at once. */
    private Duration send(List<SyncEnvelope> batch) throws InterruptedException {
        HttpResponse<String> response;
        try {
            lastSent = clock.instant();
            requests.incrementAndGet();
            response = http.send(request(batch), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            lastError = "network: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            return backoff.next();
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        String code = body.path("code").asText("http_" + status);
        String message = body.path("error").asText("HTTP " + status);
        if (status == 200) {
            acked(body.path("acked_through").asLong(), !batch.isEmpty());
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

    private void acked(long through, boolean sentRows) {
        // A heartbeat's ack only deletes if it is news (e.g. rows acked before a crash); else skip the writer trip.
        if (through > 0 && (sentRows || through > ackedThrough.get())) {
            outbox.deleteThrough(through);
        }
        ackedThrough.accumulateAndGet(through, Math::max);
        lastSuccess = clock.instant();
        lastError = null;
        backoff.reset();
    }

    /** Rows below {@code expected} are already on the control plane; if {@code expected} itself is gone, we cannot heal. */
    private Duration gap(long expected) {
        if (expected > 1) {
            outbox.deleteThrough(expected - 1);
            ackedThrough.accumulateAndGet(expected - 1, Math::max);
        }
        List<SyncEnvelope> next = outbox.oldest(1);
        if (!next.isEmpty() && next.getFirst().sequence() > expected) {
            fail(409, "sync_sequence_gap", "the control plane expects sequence " + expected
                    + " but the outbox starts at " + next.getFirst().sequence());
            return null;
        }
        lastError = "409 sync_sequence_gap: resending from " + expected;
        return null;
    }

    private void fail(int status, String code, String message) {
        lastError = (status == 0 ? "" : status + " ") + code + ": " + message;
        state = new State.Failed(status, code, message);
    }

    private HttpRequest request(List<SyncEnvelope> batch) {
        byte[] json = SyncJson.write(new SyncBatch(batch)).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(syncUrl).timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token);
        if (json.length > options.gzipAbove()) {
            json = gzip(json);
            builder.header("Content-Encoding", "gzip");
            gzipped.incrementAndGet();
        }
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
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
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
