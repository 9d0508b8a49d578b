package dev.orbitdock.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.sync.SyncWriterOptions;
import dev.orbitdock.testing.Rows;
import dev.orbitdock.testing.WsRecorder;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A managed instance and a control plane in one JVM, each with its own real database, over loopback HTTP. */
class ManagedRunTest {
    @TempDir
    Path dir;

    private Services control;
    private Server server;
    private Services managed;
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startControlPlane() {
        control = Services.open(new DataDir(dir.resolve("control")), Map.of(), Map.of("bind", "127.0.0.1:0"));
        server = Server.start(control, "test");
        managed = Services.open(new DataDir(dir.resolve("managed")), Map.of(), Map.of(), Services.Mode.MANAGED);
    }

    @AfterEach
    void stop() {
        managed.close();
        server.close();
        http.close();
    }

    private ManagedRun managedRun(WorkspaceRegistry.Registration ws, String run, int port, String token)
            throws IOException {
        Path prompt = Files.writeString(dir.resolve("prompt.md"), "do the thing");
        ObjectNode settings = Json.mapper().createObjectNode().put("run", run);
        ManagedOptions options = new ManagedOptions(ws.workspaceId(), ws.sessionId(), null,
                URI.create("http://127.0.0.1:" + server.port()), ws.generation(), "command", prompt, dir, settings,
                Duration.ofSeconds(30), new BindAddress("127.0.0.1", port),
                SyncWriterOptions.defaults().withPoll(Duration.ofMillis(10)));
        return new ManagedRun(managed, options, token, null, progress::add);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theSessionIsReplicatedRowForRowAndAppearsLiveOnTheControlPlanesWebSocket() throws Exception {
        WorkspaceRegistry.Registration ws = control.workspaces().register("manual", null);
        WsRecorder events = new WsRecorder();
        http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), events).join();

        ManagedRun.Result result = managedRun(ws, "for i in $(seq 1 200); do echo line $i; done", 0,
                ws.token().token()).run();

        assertThat(result.outcome()).isEqualTo(ManagedRun.Outcome.DRAINED);
        assertThat(result.agentEnd()).isEqualTo("exited with status 0");
        assertThat(Rows.dump(control.database())).isEqualTo(Rows.dump(managed.database()));
        assertThat(Rows.count(control.database(), "SELECT COUNT(*) FROM conversation_rows")).isEqualTo(200);
        assertThat(Rows.count(managed.database(), "SELECT COUNT(*) FROM sync_outbox")).isZero();
        assertThat(control.workspaces().require(ws.workspaceId()).sync().outboxDepth()).isZero();
        // Every step of the session reached /ws subscribers, in order, ending with its end.
        List<String> types = new java.util.ArrayList<>();
        JsonNode event;
        do {
            event = events.next();
            types.add(event.path("type").asText());
        } while (!("session.end".equals(event.path("type").asText()) && ws.sessionId().equals(event.path("id").asText())));
        assertThat(types).startsWith("hello", "session.create").contains("conversation.append");
    }

    @Test
    void shutdownNeedsTheWorkspaceTokenThenStopsTheAgentAndDrains() throws Exception {
        WorkspaceRegistry.Registration ws = control.workspaces().register("manual", null);
        int port = freePort();
        ManagedRun run = managedRun(ws, "echo started; exec sleep 600", port, ws.token().token());
        CompletableFuture<ManagedRun.Result> result = CompletableFuture.supplyAsync(() -> {
            try {
                return run.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> progress.stream().anyMatch(l -> l.startsWith("agent command started")));

        HttpResponse<String> refused = shutdown(port, "odtk_wrong_00");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"code\":\"invalid_workspace_token\"");
        assertThat(result).isNotDone();

        assertThat(shutdown(port, ws.token().token()).statusCode()).isEqualTo(202);
        ManagedRun.Result ended = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ended.outcome()).isEqualTo(ManagedRun.Outcome.DRAINED);
        assertThat(ended.agentEnd()).isEqualTo("killed");
        assertThat(Rows.dump(control.database())).isEqualTo(Rows.dump(managed.database()));
    }

    @Test
    void aRevokedTokenStopsTheAgentAndKeepsTheRowsInTheOutbox() throws Exception {
        WorkspaceRegistry.Registration ws = control.workspaces().register("manual", null);
        control.workspaces().destroy(ws.workspaceId());

        ManagedRun.Result result = managedRun(ws, "echo hello; exec sleep 600", 0, ws.token().token()).run();

        assertThat(result.outcome()).isEqualTo(ManagedRun.Outcome.SYNC_REFUSED);
        assertThat(result.syncError()).startsWith("401 invalid_workspace_token");
        assertThat(result.pending()).isPositive();
        assertThat(Rows.count(control.database(), "SELECT COUNT(*) FROM sessions")).isZero();
    }

    @Test
    void aRestartAfterACrashEndsTheOpenSessionStopsTheOrphanAndReplicatesWithoutRunningTheAgentAgain()
            throws Exception {
        WorkspaceRegistry.Registration ws = control.workspaces().register("manual", null);
        // What a killed instance leaves: an open session in its database and its agent still running.
        managed.writer().write(new SessionCommand.Create(ws.sessionId(), "command", "working", ws.workspaceId(), null,
                dir.toString(), null, Instant.parse("2026-11-25T09:00:00Z")));
        Process orphan = new ProcessBuilder("sleep", "600").start();
        new AgentPidFile(managed.dataDir().path()).write(orphan.pid());

        ManagedRun.Result result = managedRun(ws, "echo must-not-run", 0, ws.token().token()).run();

        assertThat(result.outcome()).isEqualTo(ManagedRun.Outcome.DRAINED);
        assertThat(result.agentEnd()).isEqualTo(ManagedRun.INTERRUPTED);
        assertThat(orphan.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(Rows.dump(control.database())).isEqualTo(Rows.dump(managed.database()));
        assertThat(Rows.count(control.database(), "SELECT COUNT(*) FROM conversation_rows")).isZero();
        assertThat(Rows.query(control.database(), "SELECT end_reason FROM sessions").getFirst())
                .containsEntry("end_reason", ManagedRun.INTERRUPTED);
    }

    private HttpResponse<String> shutdown(int port, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/shutdown"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
