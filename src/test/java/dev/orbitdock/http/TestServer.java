package dev.orbitdock.http;

import dev.orbitdock.testing.WsRecorder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.auth.TokenService;
import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.Patch;
import dev.orbitdock.config.SecretKeyFile;
import dev.orbitdock.mission.MissionQueries;
import dev.orbitdock.mission.MissionService;
import dev.orbitdock.mission.MissionTools;
import dev.orbitdock.tracker.local.LocalTracker;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.sync.SyncReceiver;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A real server over a real database in a temp dir, plus a client. One per test; nothing is shared. */
final class TestServer implements AutoCloseable {
    static final String VERSION = "9.9.9-test";
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Database database;
    final EventHub events;
    final PersistenceWriter writer;
    final TokenService tokens;
    final ConfigStore config;
    final MissionService missions;
    final MissionTools missionTools;
    final SyncReceiver sync;
    final WorkspaceRegistry workspaces;
    final ApiServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Path dir, ApiServer.Options options) {
        this.dir = dir;
        database = Database.open(dir.resolve("orbitdock.db"));
        events = new EventHub();
        writer = new PersistenceWriter(database, events);
        tokens = new TokenService(database, writer, Clock.systemUTC(), new SecureRandom());
        config = new ConfigStore(database, writer, new SecretKeyFile(dir.resolve("secret.key"), new SecureRandom()),
                Map.of(), Map.of(), Clock.systemUTC(), new SecureRandom());
        missions = new MissionService(new MissionQueries(database), writer, Clock.systemUTC(), IdGenerator.random());
        // A local tracker in the mission's repo, as the composition root builds one.
        missionTools = new MissionTools(new MissionQueries(database), writer, Clock.systemUTC(), (mission, missionConfig)
                -> new LocalTracker(mission.repoPath().resolve(missionConfig.tracker().directory()), Clock.systemUTC()));
        sync = new SyncReceiver(writer, Clock.systemUTC());
        workspaces = new WorkspaceRegistry(database, writer, tokens, Clock.systemUTC(), IdGenerator.random());
        server = new ApiServer(new ApiServer.Deps(database, tokens, config, missions, missionTools, events, sync, workspaces, VERSION,
                Clock.systemUTC()), options);
    }

    static TestServer start(Path dir) {
        return start(dir, "127.0.0.1", ApiServer.Options.DEFAULT);
    }

    static TestServer start(Path dir, String host, ApiServer.Options options) {
        TestServer test = new TestServer(dir, options);
        test.server.start(host, 0);
        return test;
    }

    String apiToken() {
        return tokens.create("test", TokenScope.api(), null).token();
    }

    String workspaceToken(String workspaceId) {
        return tokens.create("ws", new TokenScope.Workspace(workspaceId), null).token();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET());
    }

    HttpResponse<String> send(String method, String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<WebSocket> webSocket(String pathAndQuery, String token, WsRecorder recorder) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery), recorder);
    }

    /** Records {@code steps} as a workspace's provisioning so far, the way a remote provisioning does. */
    void provisioningSteps(String workspaceId, JsonNode... steps) {
        ObjectNode info = JSON.createObjectNode();
        info.putArray("provisioning").addAll(List.of(steps));
        writer.write(new WorkspaceCommand.Update(workspaceId, Patch.absent(), Patch.absent(), Patch.set(info),
                Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent()));
    }

    /** One provisioning step as the control plane records it; {@code detail} may be null. */
    static JsonNode step(String name, String status, String detail) {
        return JSON.createObjectNode().put("name", name).put("status", status).put("detail", detail)
                .put("started_at", Instant.now().toString());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        http.shutdownNow(); // first, so no idle keep-alive connection makes stop() wait; close() could hang
        server.stop();
        writer.close();
        database.close();
    }
}
