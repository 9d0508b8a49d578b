package dev.orbitdock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * A real managed {@code orbitdock} process replicating to a real control-plane process on loopback: killed with
 * SIGKILL mid-stream and restarted, and cut off from a stopped control plane for 20 s. Afterwards both databases
 * hold the same rows and every sequence was applied exactly once.
 */
class ManagedSyncProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private Path controlDir;
    private Path managedDir;
    private int controlPort;
    private JsonNode workspace;

    @BeforeEach
    void startControlPlaneAndRegisterAWorkspace() throws Exception {
        controlDir = dir.resolve("control");
        managedDir = dir.resolve("managed");
        Files.createDirectories(managedDir);
        controlPort = OrbitDockProcess.freePort();
        startControlPlane();
        String created = new OrbitDockProcess(controlDir).runToEnd("workspace", "create", "--provider", "it", "--json");
        assertThat(created).startsWith("0\n");
        workspace = Json.mapper().readTree(created.substring(created.indexOf('{'), created.lastIndexOf('}') + 1));
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aManagedInstanceKilledMidStreamAndRestartedLosesAndDoublesNothing() throws Exception {
        Process first = startManaged(1000, "0.005");
        await().atMost(WAIT).until(() -> count(controlDb(), "SELECT COUNT(*) FROM conversation_rows") >= 100);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long leftBehind = count(managedDb(), "SELECT COUNT(*) FROM conversation_rows");

        Process second = startManaged(1000, "0.005");
        assertThat(second.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(managedLog());
        assertThat(second.exitValue()).as(log).isZero();
        assertThat(log).contains("left open by a previous instance").contains("everything replicated");

        assertIdenticalAndExactlyOnce();
        assertThat(count(controlDb(), "SELECT COUNT(*) FROM conversation_rows")).isEqualTo(leftBehind);
        assertThat(query(controlDb(), "SELECT end_reason FROM sessions").getFirst().get("end_reason"))
                .asString().startsWith("interrupted");
    }

    @Test
    void theOutboxGrowsWhileTheControlPlaneIsDownAndDrainsWhenItReturns() throws Exception {
        Process managed = startManaged(1200, "0.02");
        await().atMost(WAIT).until(() -> count(controlDb(), "SELECT COUNT(*) FROM conversation_rows") >= 50);
        Process control = processes.getFirst();
        control.destroy(); // SIGTERM: a graceful stop, then 20 s of nothing answering
        assertThat(control.waitFor(30, TimeUnit.SECONDS)).isTrue();

        AtomicLong lastDepth = new AtomicLong();
        await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(30)).until(() -> {
            long depth = count(managedDb(), "SELECT COUNT(*) FROM sync_outbox");
            boolean growing = depth >= lastDepth.get();
            lastDepth.set(depth);
            return managed.isAlive() && growing;
        });
        assertThat(lastDepth.get()).isGreaterThan(100);

        startControlPlane();
        assertThat(managed.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(managed.exitValue()).as(Files.readString(managedLog())).isZero();
        assertIdenticalAndExactlyOnce();
        assertThat(count(controlDb(), "SELECT COUNT(*) FROM conversation_rows")).isEqualTo(1200);
    }

    private void startControlPlane() throws Exception {
        Files.createDirectories(controlDir);
        Path log = controlDir.resolve("server.log");
        processes.addFirst(new OrbitDockProcess(controlDir).launch(log, "start", "--bind", "127.0.0.1:" + controlPort));
        await().atMost(WAIT).until(() -> Files.exists(log) && Files.readString(log).contains(
                "listening on http://127.0.0.1:" + controlPort + " "));
    }

    /** An agent that prints {@code lines} lines, one every {@code pause} seconds. */
    private Process startManaged(int lines, String pause) throws Exception {
        Path prompt = Files.writeString(managedDir.resolve("prompt.md"), "count");
        Path settings = Files.writeString(managedDir.resolve("agent.json"), Json.mapper().createObjectNode()
                .put("run", "i=0; while [ $i -lt " + lines + " ]; do i=$((i+1)); echo line $i; sleep " + pause
                        + "; done").toString());
        Process process = new OrbitDockProcess(managedDir).launch(managedLog(), Map.of("ORBITDOCK_SYNC_TOKEN", workspace.path("token").asText()),
                "start", "--managed", "--workspace-id", workspace.path("workspace_id").asText(),
                "--session-id", workspace.path("session_id").asText(),
                "--sync-url", "http://127.0.0.1:" + controlPort, "--provider", "command",
                "--prompt-file", prompt.toString(), "--workdir", managedDir.toString(),
                "--agent-settings", settings.toString(), "--bind", "127.0.0.1:" + OrbitDockProcess.freePort(),
                "--drain-timeout", "60s", "--sync-backoff-max", "1s");
        processes.add(process);
        return process;
    }

    private void assertIdenticalAndExactlyOnce() throws SQLException {
        String id = workspace.path("workspace_id").asText();
        for (String sql : List.of("SELECT * FROM sessions ORDER BY id",
                "SELECT * FROM conversation_rows ORDER BY session_id, sequence")) {
            assertThat(query(controlDb(), sql)).isEqualTo(query(managedDb(), sql));
        }
        assertThat(count(managedDb(), "SELECT COUNT(*) FROM sync_outbox")).isZero();
        long logged = count(controlDb(), "SELECT COUNT(*) FROM sync_log WHERE workspace_id = '" + id + "'");
        assertThat(count(controlDb(), "SELECT COUNT(DISTINCT sequence) FROM sync_log")).isEqualTo(logged);
        assertThat(count(controlDb(), "SELECT MAX(sequence) FROM sync_log")).isEqualTo(logged);
        assertThat(count(controlDb(), "SELECT sync_acked_through FROM workspaces WHERE id = '" + id + "'"))
                .isEqualTo(logged);
    }

    private Path controlDb() {
        return controlDir.resolve("orbitdock.db");
    }

    private Path managedDb() {
        return managedDir.resolve("orbitdock.db");
    }

    private Path managedLog() {
        return managedDir.resolve("managed.log");
    }

    private static long count(Path db, String sql) throws SQLException {
        return ((Number) query(db, sql).getFirst().values().iterator().next()).longValue();
    }

    /** Read-only, beside the process that owns the file (WAL lets both go on). */
    private static List<Map<String, Object>> query(Path db, String sql) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + db)) {
            return Rows.query(connection, sql);
        }
    }
}
