package dev.orbitdock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.common.Json;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.http.EventSink;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.PersistCommand;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.sync.HttpSyncTransport;
import dev.orbitdock.sync.SyncBatch;
import dev.orbitdock.sync.SyncEnvelope;
import dev.orbitdock.sync.SyncJson;
import dev.orbitdock.sync.SyncWriter;
import dev.orbitdock.sync.SyncWriterOptions;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue-5 figures on the real parts (SQLite, the writer and its outbox, the HTTP receiver on loopback):
 * <ul>
 *   <li>{@code throughput}: one workspace commits 1 KiB commands as fast as it can; rate from the first commit on the
 *       workspace to the last commit on the control plane, against the control plane's raw writer rate for the
 *       same commands measured in the same run. Target &ge; 20 000 commands/s and &ge; 40 % of raw.</li>
 *   <li>{@code lag}: a steady 1 000 commands/s for 30 s; lag from a command's commit on the workspace to its event
 *       after commit on the control plane. Target p99 &lt; 300 ms.</li>
 *   <li>{@code fanin}: a control-plane process and 200 simulated workspaces posting 50 commands/s each plus
 *       heartbeats for 60 s. Target: no errors, p99 lag &lt; 1 s, control-plane RSS &lt; 512 MiB.</li>
 * </ul>
 */
public final class SyncBenchmark {
    private static final String KIB = "x".repeat(1000);

    private SyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        Path dir = Files.createTempDirectory("orbitdock-sync-bench");
        try {
            if (mode.equals("throughput") || mode.equals("all")) {
                throughput(dir.resolve("throughput"), 50_000);
            }
            if (mode.equals("lag") || mode.equals("all")) {
                lag(dir.resolve("lag"), 1_000, Duration.ofSeconds(30));
            }
            if (mode.equals("fanin") || mode.equals("all")) {
                fanIn(dir.resolve("fanin"), 200, 50, Duration.ofSeconds(60));
            }
        } finally {
            new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor();
        }
    }

    /** A control plane with one registered workspace, and that workspace's managed store replicating to it. */
    private record Pair(Services control, Server server, Services managed, SyncWriter writer,
                        WorkspaceRegistry.Registration ws, HttpClient http) implements AutoCloseable {
        static Pair open(Path dir) {
            Services control = Services.open(new DataDir(dir.resolve("control")), Map.of(), Map.of("bind", "127.0.0.1:0"));
            Server server = Server.start(control, "bench");
            WorkspaceRegistry.Registration ws = control.workspaces().register("bench", null);
            Services managed = Services.open(new DataDir(dir.resolve("managed")), Map.of(), Map.of(),
                    Services.Mode.MANAGED);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            SyncWriter writer = new SyncWriter(managed.database(), managed.writer(), ws.workspaceId(), ws.generation(),
                    new HttpSyncTransport(http, URI.create("http://127.0.0.1:" + server.port() + "/api/sync"),
                            ws.token().token(), Duration.ofSeconds(30)),
                    managed.clock(), new SecureRandom(), SyncWriterOptions.defaults());
            managed.onCommit(writer::wake);
            writer.start();
            return new Pair(control, server, managed, writer, ws, http);
        }

        @Override
        public void close() {
            writer.close();
            managed.close();
            server.close();
            http.close();
        }
    }

    static void throughput(Path dir, int commands) throws Exception {
        int rounds = Integer.getInteger("rounds", 1);
        try (Pair pair = Pair.open(dir)) {
            String session = pair.ws().sessionId();
            pair.managed().writer().write(create(session, pair.ws().workspaceId()));
            awaitAcked(pair, 1);
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) {
                    System.out.printf("throughput: round %d of %d%n", round, rounds);
                }
                // Raw is measured again each round, so a warm sync round is compared with an equally warm writer.
                double raw = rawRate(dir.resolve("raw-" + round), commands);
                throughputRound(pair, session, commands, round, raw);
            }
        }
    }

    /** One measured run of {@code commands} appends; row ids and sequences continue from the rounds before. */
    private static void throughputRound(Pair pair, String session, int commands, int round, double raw)
            throws Exception {
        long before = (round - 1L) * (commands + 1);
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime();
        for (int i = 0; i < commands - 1; i++) {
            pair.managed().writer().submit(append(session, before + i, "{}"));
        }
        pair.managed().writer().write(append(session, before + commands, "{}")); // committed in order: the last
        double committed = (System.nanoTime() - start) / 1e9;
        awaitAcked(pair, 1L + (long) round * commands);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Usage usage = cpu.stop();
        System.out.printf("throughput: the workspace committed them (with its outbox) in %.2f s = %.0f/s%n",
                committed, commands / committed);
        double rate = commands / seconds;
        SyncWriter.Stats stats = pair.writer().stats();
        System.out.printf("throughput: %d x 1 KiB commands end to end in %.2f s = %.0f commands/s"
                        + " (target >= 20 000)%n", commands, seconds, rate);
        System.out.printf("throughput: control plane raw writer %.0f commands/s; sync reaches %.0f %% of it"
                + " (target >= 40 %%)%n", raw, 100 * rate / raw);
        System.out.printf("throughput: %d requests, %d gzipped%n", stats.requests(), stats.gzippedRequests());
        usage.print("throughput", commands);
    }

    /** The same commands applied by a control plane's own writer, no sync involved. */
    private static double rawRate(Path dir, int commands) {
        try (Services raw = Services.open(new DataDir(dir), Map.of(), Map.of())) {
            raw.writer().write(create("od-raw", null));
            long start = System.nanoTime();
            for (int i = 0; i < commands - 1; i++) {
                raw.writer().submit(append("od-raw", i, "{}"));
            }
            raw.writer().write(append("od-raw", commands, "{}")); // the writer commits in order: this one is last
            return commands / ((System.nanoTime() - start) / 1e9);
        }
    }

    static void lag(Path dir, int perSecond, Duration length) throws Exception {
        try (Pair pair = Pair.open(dir)) {
            String session = pair.ws().sessionId();
            List<Long> lags = Collections.synchronizedList(new ArrayList<>());
            pair.control().events().subscribe(new EventSink() {
                @Override
                public void send(String json) throws IOException {
                    JsonNode event = Json.mapper().readTree(json);
                    JsonNode sent = event.path("command").path("payload").path("sent_nanos");
                    if (sent.isNumber()) {
                        lags.add(System.nanoTime() - sent.asLong());
                    }
                }

                @Override
                public void close(int code, String reason) {
                    System.out.println("lag: event subscriber closed: " + reason);
                }
            }, List.of());
            pair.managed().writer().write(create(session, pair.ws().workspaceId()));
            long total = perSecond * length.toSeconds();
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / perSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                // Written on commit: the payload carries the time the command was handed to the writer.
                pair.managed().writer().submit(append(session, i, "{\"sent_nanos\":" + System.nanoTime() + "}"));
            }
            awaitAcked(pair, total + 1);
            while (lags.size() < total) {
                Thread.sleep(10);
            }
            report("lag at " + perSecond + " commands/s for " + length.toSeconds() + " s", lags, 300);
        }
    }

    static void fanIn(Path dir, int workspaces, int perSecond, Duration length) throws Exception {
        Files.createDirectories(dir);
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("control.log");
        Process control = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", // as ./orbitdock start
                "-cp", System.getProperty("java.class.path"), "dev.orbitdock.cli.Main", "start", "--bind",
                "127.0.0.1:" + port, "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            while (!Files.readString(log).contains("listening on")) {
                if (!control.isAlive()) {
                    throw new IllegalStateException("control plane died: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
            List<JsonNode> registered = new ArrayList<>();
            for (int i = 0; i < workspaces; i++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/workspaces"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"bench\"}"))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                registered.add(Json.mapper().readTree(response.body()));
            }
            ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
            AtomicLong errors = new AtomicLong();
            AtomicLong sent = new AtomicLong();
            long end = System.nanoTime() + length.toNanos();
            CountDownLatch done = new CountDownLatch(workspaces);
            for (JsonNode ws : registered) {
                Thread.ofVirtual().start(() -> {
                    try {
                        simulateWorkspace(http, base, ws, perSecond, end, lags, errors, sent);
                    } finally {
                        done.countDown();
                    }
                });
            }
            long peakRss = 0;
            while (!done.await(1, TimeUnit.SECONDS)) {
                peakRss = Math.max(peakRss, rssKib(control.pid()));
            }
            peakRss = Math.max(peakRss, rssKib(control.pid()));
            System.out.printf("fan-in: %d workspaces x %d commands/s for %d s: %d commands, %d errors (target 0)%n",
                    workspaces, perSecond, length.toSeconds(), sent.get(), errors.get());
            report("fan-in lag", new ArrayList<>(lags), 1000);
            System.out.printf("fan-in: control-plane RSS peak %d MiB (target < 512)%n", peakRss / 1024);
        } finally {
            control.destroy();
            control.waitFor(30, TimeUnit.SECONDS);
            http.close();
        }
    }

    /**
     * One workspace as its SyncWriter would behave at this rate: a batch every 100 ms of the commands committed in
     * that window (timestamped when committed), a heartbeat every 10 s; lag = acked - committed.
     */
    private static void simulateWorkspace(HttpClient http, URI base, JsonNode ws, int perSecond, long end,
                                          ConcurrentLinkedQueue<Long> lags, AtomicLong errors, AtomicLong sent) {
        String workspaceId = ws.path("workspace_id").asText();
        String session = ws.path("session_id").asText();
        String token = ws.path("token").asText();
        long sequence = 0;
        long nextHeartbeat = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int perBatch = Math.max(1, perSecond / 10);
        try {
            List<SyncEnvelope> first = List.of(new SyncEnvelope(++sequence, workspaceId, 1, Instant.now(),
                    create(session, workspaceId)));
            post(http, base, token, new SyncBatch(first, 0L));
            long tick = System.nanoTime();
            while (System.nanoTime() < end) {
                List<SyncEnvelope> batch = new ArrayList<>(perBatch);
                List<Long> committed = new ArrayList<>(perBatch);
                for (int i = 0; i < perBatch; i++) {
                    committed.add(tick + i * 100_000_000L / perBatch);
                    batch.add(new SyncEnvelope(++sequence, workspaceId, 1, Instant.now(), append(session, sequence, "{}")));
                }
                tick += 100_000_000L;
                long wait = tick - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (post(http, base, token, new SyncBatch(batch, 0L))) {
                    long acked = System.nanoTime();
                    committed.forEach(at -> lags.add(acked - at));
                    sent.addAndGet(batch.size());
                } else {
                    errors.incrementAndGet();
                    return;
                }
                if (System.nanoTime() >= nextHeartbeat) {
                    post(http, base, token, new SyncBatch(List.of(), 0L));
                    nextHeartbeat += Duration.ofSeconds(10).toNanos();
                }
            }
        } catch (Exception e) {
            errors.incrementAndGet();
            System.out.println("fan-in: workspace " + workspaceId + " failed: " + e);
        }
    }

    private static boolean post(HttpClient http, URI base, String token, SyncBatch batch) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/sync"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SyncJson.write(batch))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.out.println("fan-in: HTTP " + response.statusCode() + " " + response.body());
            return false;
        }
        return true;
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private static void awaitAcked(Pair pair, long sequence) throws InterruptedException {
        while (pair.control().workspaces().require(pair.ws().workspaceId()).sync().ackedThrough() < sequence) {
            if (pair.writer().state() instanceof SyncWriter.State.Failed failed) {
                throw new IllegalStateException("sync failed: " + failed);
            }
            Thread.sleep(2);
        }
    }

    private static void report(String what, List<Long> nanos, long targetMillis) {
        Collections.sort(nanos);
        System.out.printf("%s: %d samples, p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 < %d ms)%n", what,
                nanos.size(), percentile(nanos, 0.50), percentile(nanos, 0.99), nanos.getLast() / 1e6, targetMillis);
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private static PersistCommand create(String session, String workspaceId) {
        return new SessionCommand.Create(session, "command", "working", workspaceId, null, "/bench", null, Instant.now());
    }

    /** A ~1 KiB conversation row; {@code extra} fields are merged into its payload. */
    private static PersistCommand append(String session, long i, String extra) {
        try {
            ObjectNode payload = (ObjectNode) Json.mapper().readTree(extra);
            payload.put("text", KIB);
            return new ConversationCommand.Append(session + "-r" + i, session, "turn-" + i / 10, "output", payload,
                    Instant.now());
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
