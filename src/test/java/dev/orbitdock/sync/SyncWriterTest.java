package dev.orbitdock.sync;

import dev.orbitdock.testing.Rows;

import static dev.orbitdock.sync.ManagedWorkspace.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.PersistCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SyncWriter against a real control plane over loopback HTTP and a real managed store with an outbox. */
class SyncWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final SyncWriterOptions FAST = SyncWriterOptions.defaults().withPoll(Duration.ofMillis(10))
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50));

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
        http.shutdownNow();
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private ManagedWorkspace managed() {
        return track(new ManagedWorkspace(dir));
    }

    private ControlPlane controlPlane(boolean serve) {
        return track(new ControlPlane(dir, serve));
    }

    private SyncWriter writer(ManagedWorkspace managed, URI url, String token, long generation,
                              SyncWriterOptions options) {
        return track(new SyncWriter(managed.database, managed.writer, WORKSPACE, generation,
                new HttpSyncTransport(http, url, token, Duration.ofSeconds(10)), Clock.systemUTC(), new Random(42),
                options));
    }

    private static long depth(ManagedWorkspace managed) {
        return Rows.count(managed.database, "SELECT COUNT(*) FROM sync_outbox");
    }

    @Test
    void sessionRowsReachTheControlPlaneIdenticallyAndTheOutboxEmpties() {
        ControlPlane cp = controlPlane(true);
        String token = cp.createWorkspace();
        ManagedWorkspace managed = managed().write(ManagedWorkspace.sessionStream(40));
        long written = depth(managed);
        SyncWriter sync = writer(managed, cp.uri("/api/sync"), token, 1, FAST).start();

        await().atMost(WAIT).until(() -> depth(managed) == 0);
        assertThat(Rows.dump(cp.database)).isEqualTo(Rows.dump(managed.database));
        assertThat(cp.ackedThrough()).isEqualTo(written);
        SyncWriter.Stats stats = sync.stats();
        assertThat(stats.ackedThrough()).isEqualTo(written);
        assertThat(stats.outboxDepth()).isZero();
        assertThat(stats.lastSuccess()).isNotNull();
        assertThat(stats.state()).isInstanceOf(SyncWriter.State.Running.class);

        // Rows written while running follow.
        managed.write(List.of(new dev.orbitdock.store.SessionCommand.End(ManagedWorkspace.SESSION, "failed",
                ManagedWorkspace.T0.plusSeconds(999))));
        sync.wake();
        await().atMost(WAIT).until(() -> depth(managed) == 0);
        assertThat(Rows.dump(cp.database)).isEqualTo(Rows.dump(managed.database));
    }

    @Test
    void drainEmptiesTheWholeOutboxInSeveralBatches() throws Exception {
        ControlPlane cp = controlPlane(true);
        String token = cp.createWorkspace();
        ManagedWorkspace managed = managed().write(ManagedWorkspace.sessionStream(1200));
        assertThat(depth(managed)).isGreaterThan(SyncBatch.MAX_ENVELOPES);
        SyncWriter sync = writer(managed, cp.uri("/api/sync"), token, 1, FAST);

        assertThat(sync.drain(WAIT)).isTrue();
        assertThat(depth(managed)).isZero();
        assertThat(sync.stats().requests()).isGreaterThanOrEqualTo(2);
        assertThat(Rows.dump(cp.database)).isEqualTo(Rows.dump(managed.database));
        sync.close();
        assertThat(sync.state()).isEqualTo(new SyncWriter.State.Stopped("closed"));
    }

    @Test
    void largeRowsAreSentInBatchesThatFitTheBodyLimit() throws Exception {
        ControlPlane cp = controlPlane(true);
        String token = cp.createWorkspace();
        List<PersistCommand> big = new ArrayList<>(ManagedWorkspace.sessionStream(0));
        for (int i = 0; i < 120; i++) { // 120 x 100 KiB = 12 MiB: more than one request's worth
            big.add(new ConversationCommand.Append("od-big" + i, ManagedWorkspace.SESSION, "t", "tool_result",
                    JsonNodeFactory.instance.objectNode().put("text", "x".repeat(100 * 1024)), ManagedWorkspace.T0));
        }
        ManagedWorkspace managed = managed().write(big);
        SyncWriter sync = writer(managed, cp.uri("/api/sync"), token, 1, FAST);

        assertThat(sync.drain(WAIT)).isTrue();
        assertThat(sync.stats().requests()).isGreaterThanOrEqualTo(2);
        assertThat(Rows.dump(cp.database)).isEqualTo(Rows.dump(managed.database));
        sync.close();
    }

    @Test
    void aRevokedTokenFailsWith401AndKeepsTheRows() throws Exception {
        ControlPlane cp = controlPlane(true);
        String token = cp.createWorkspace();
        cp.tokens.list().stream().filter(t -> t.scope() instanceof TokenScope.Workspace)
                .forEach(t -> cp.tokens.revoke(t.id()));
        ManagedWorkspace managed = managed().write(ManagedWorkspace.sessionStream(5));
        long written = depth(managed);
        SyncWriter sync = writer(managed, cp.uri("/api/sync"), token, 1, FAST).start();

        await().atMost(WAIT).until(() -> sync.state() instanceof SyncWriter.State.Failed);
        assertThat(sync.state()).isInstanceOfSatisfying(SyncWriter.State.Failed.class, failed -> {
            assertThat(failed.status()).isEqualTo(401);
            assertThat(failed.code()).isEqualTo("invalid_workspace_token");
        });
        assertThat(depth(managed)).isEqualTo(written);
        assertThat(sync.drain(Duration.ofMillis(100))).isFalse();
        assertThat(sync.stats().lastError()).startsWith("401 invalid_workspace_token").doesNotContain(token);
        assertThat(sync.toString()).doesNotContain(token);
    }

    @Test
    void aStaleGenerationIsFencedOff() {
        ControlPlane cp = controlPlane(true);
        String token = cp.createWorkspace();
        ManagedWorkspace managed = managed().write(ManagedWorkspace.sessionStream(3));
        assertThat(cp.post(token, new SyncBatch(managed.envelopes(2).subList(0, 1))).statusCode()).isEqualTo(200);
        SyncWriter zombie = writer(managed, cp.uri("/api/sync"), token, 1, FAST).start();

        await().atMost(WAIT).until(() -> zombie.state() instanceof SyncWriter.State.Failed);
        assertThat(zombie.state()).isInstanceOfSatisfying(SyncWriter.State.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo("stale_generation"));
    }

    @Test
    void aGapResendsFromExpectedAndDeletesWhatIsBelowIt() {
        ControlPlane cp = controlPlane(true);
        String token = cp.createWorkspace();
        ManagedWorkspace managed = managed().write(ManagedWorkspace.sessionStream(10));
        // The control plane already holds 1..3 (pre-acked); the first answer claims a gap at 4, as it would to a
        // client that had skipped ahead. The writer must drop 1..3 and resend from 4.
        assertThat(cp.post(token, new SyncBatch(managed.envelopes(1).subList(0, 3))).statusCode()).isEqualTo(200);
        Proxy proxy = track(new Proxy(cp));
        proxy.fake.add(new Proxy.Fake(409,
                "{\"code\":\"sync_sequence_gap\",\"error\":\"gap\",\"expected\":4,\"acked_through\":3}"));
        SyncWriter sync = writer(managed, proxy.uri(), token, 1, FAST).start();

        await().atMost(WAIT).until(() -> depth(managed) == 0);
        assertThat(Rows.dump(cp.database)).isEqualTo(Rows.dump(managed.database));
        assertThat(proxy.firstSequences).startsWith(1L, 4L);
        assertThat(sync.state()).isInstanceOf(SyncWriter.State.Running.class);
    }

    @Test
    void aGapBelowTheOutboxCannotHealAndFails() {
        ControlPlane cp = controlPlane(true);
        String token = cp.createWorkspace();
        List<dev.orbitdock.store.PersistCommand> stream = ManagedWorkspace.sessionStream(4);
        ManagedWorkspace managed = managed().write(stream.subList(0, stream.size() - 1));
        SyncWriter sync = writer(managed, cp.uri("/api/sync"), token, 1, FAST).start();
        await().atMost(WAIT).until(() -> depth(managed) == 0);
        // The control plane loses its cursor after the managed side deleted the acked rows.
        cp.writer.submitWork(ctx -> ctx.connection().createStatement()
                .executeUpdate("UPDATE workspaces SET sync_acked_through = 0")).join();
        managed.write(stream.subList(stream.size() - 1, stream.size()));
        sync.wake();

        await().atMost(WAIT).until(() -> sync.state() instanceof SyncWriter.State.Failed);
        assertThat(sync.state()).isInstanceOfSatisfying(SyncWriter.State.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo("sync_sequence_gap"));
        assertThat(depth(managed)).isEqualTo(1);
    }

    @Test
    void aControlPlaneThatIsDownIsRetriedUntilItIsUp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ControlPlane cp = controlPlane(false);
        String token = cp.createWorkspace();
        ManagedWorkspace managed = managed().write(ManagedWorkspace.sessionStream(20));
        SyncWriter sync = writer(managed, URI.create("http://127.0.0.1:" + port + "/api/sync"), token, 1, FAST)
                .start();

        await().atMost(WAIT).until(() -> sync.stats().requests() >= 3);
        assertThat(sync.stats().lastError()).startsWith("network:");
        assertThat(depth(managed)).isPositive();

        cp.server.start("127.0.0.1", port);
        await().atMost(WAIT).until(() -> depth(managed) == 0);
        assertThat(Rows.dump(cp.database)).isEqualTo(Rows.dump(managed.database));
        assertThat(sync.stats().lastError()).isNull();
    }

    @Test
    void drainGivesUpAtTheDeadlineWhenTheControlPlaneIsDown() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ManagedWorkspace managed = managed().write(ManagedWorkspace.sessionStream(3));
        long written = depth(managed);
        SyncWriter sync = writer(managed, URI.create("http://127.0.0.1:" + port + "/api/sync"), "tok", 1, FAST);

        assertThat(sync.drain(Duration.ofMillis(300))).isFalse();
        assertThat(depth(managed)).isEqualTo(written);
        assertThat(sync.state()).isInstanceOf(SyncWriter.State.Running.class);
    }

    @Test
    void serverErrorsAreRetried() {
        ControlPlane cp = controlPlane(true);
        String token = cp.createWorkspace();
        Proxy proxy = track(new Proxy(cp));
        proxy.fake.add(new Proxy.Fake(503, "{\"code\":\"unavailable\",\"error\":\"busy\"}"));
        proxy.fake.add(new Proxy.Fake(500, "<html>oops</html>"));
        ManagedWorkspace managed = managed().write(ManagedWorkspace.sessionStream(5));
        SyncWriter sync = writer(managed, proxy.uri(), token, 1, FAST).start();

        await().atMost(WAIT).until(() -> depth(managed) == 0);
        assertThat(proxy.firstSequences).containsExactly(1L, 1L, 1L);
        assertThat(sync.stats().lastError()).isNull();
        assertThat(Rows.dump(cp.database)).isEqualTo(Rows.dump(managed.database));
    }

    @Test
    void aBigBatchIsGzippedAndASmallOneIsNot() {
        ControlPlane cp = controlPlane(true);
        String token = cp.createWorkspace();
        Proxy proxy = track(new Proxy(cp));
        ManagedWorkspace managed = managed().write(ManagedWorkspace.sessionStream(1));
        SyncWriter sync = writer(managed, proxy.uri(), token, 1, FAST).start();
        await().atMost(WAIT).until(() -> depth(managed) == 0);
        assertThat(proxy.gzipped.get()).isZero();

        managed.write(ManagedWorkspace.sessionStream(200).subList(2, 200));
        sync.wake();
        await().atMost(WAIT).until(() -> depth(managed) == 0);
        assertThat(proxy.gzipped.get()).isPositive();
        assertThat(sync.stats().gzippedRequests()).isEqualTo(proxy.gzipped.get());
        assertThat(Rows.dump(cp.database)).isEqualTo(Rows.dump(managed.database));
    }

    @Test
    void anIdleWriterSendsHeartbeats() {
        ControlPlane cp = controlPlane(true);
        String token = cp.createWorkspace();
        Proxy proxy = track(new Proxy(cp));
        ManagedWorkspace managed = managed();
        writer(managed, proxy.uri(), token, 1, FAST.withHeartbeat(Duration.ofMillis(20))).start();

        await().atMost(WAIT).until(() -> proxy.heartbeats.get() >= 2);
        assertThat(Rows.query(cp.database, "SELECT last_heartbeat_at FROM workspaces").getFirst()
                .get("last_heartbeat_at")).isNotNull();
    }

    @Test
    void backoffGrowsWithJitterUpToTheCap() {
        SyncBackoff backoff = new SyncBackoff(Duration.ofMillis(100), Duration.ofSeconds(30), new Random(7));
        Duration previousCeiling = Duration.ofMillis(100);
        for (int i = 0; i < 20; i++) {
            Duration ceiling = Duration.ofMillis(Math.min(30_000, 100L << i));
            Duration delay = backoff.next();
            assertThat(delay).isBetween(ceiling.dividedBy(2), ceiling);
            previousCeiling = ceiling;
        }
        assertThat(previousCeiling).isEqualTo(Duration.ofSeconds(30));
        backoff.reset();
        assertThat(backoff.next()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    /**
     * A loopback proxy in front of the control plane: counts gzip bodies and heartbeats, records each batch's first
     * sequence, and can answer the next requests with canned responses instead of forwarding them.
     */
    static final class Proxy implements AutoCloseable {
        record Fake(int status, String body) {}

        final ConcurrentLinkedQueue<Fake> fake = new ConcurrentLinkedQueue<>();
        final List<Long> firstSequences = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger gzipped = new AtomicInteger();
        final AtomicInteger heartbeats = new AtomicInteger();
        private final HttpServer server;
        private final ControlPlane cp;

        Proxy(ControlPlane cp) {
            this.cp = cp;
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/api/sync", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                boolean gzip = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"));
                if (gzip) {
                    gzipped.incrementAndGet();
                }
                SyncBatch batch = SyncJson.read(gzip ? gunzip(body) : body);
                if (batch.commands().isEmpty()) {
                    heartbeats.incrementAndGet();
                } else {
                    firstSequences.add(batch.commands().getFirst().sequence());
                }
                Fake answer = fake.poll();
                if (answer == null) {
                    HttpResponse<String> forwarded = forward(exchange.getRequestHeaders().getFirst("Authorization"),
                            body, gzip);
                    answer = new Fake(forwarded.statusCode(), forwarded.body());
                }
                byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.status(), out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            });
            server.start();
        }

        private HttpResponse<String> forward(String authorization, byte[] body, boolean gzip) throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(cp.uri("/api/sync"))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (gzip) {
                request.header("Content-Encoding", "gzip");
            }
            try {
                return cp.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        private static byte[] gunzip(byte[] body) throws IOException {
            try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                return in.readAllBytes();
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/sync");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
