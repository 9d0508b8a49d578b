package dev.orbitdock.sync;

import dev.orbitdock.testing.Rows;

import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.auth.TokenService;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.config.SecretKeyFile;
import dev.orbitdock.http.ApiServer;
import dev.orbitdock.http.EventHub;
import dev.orbitdock.mission.MissionQueries;
import dev.orbitdock.mission.MissionService;
import dev.orbitdock.mission.MissionTools;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** A control plane: real database, writer, receiver and HTTP server on 127.0.0.1 port 0, plus a client. */
final class ControlPlane implements AutoCloseable {
    static final String DATABASE = "control.db";
    final Database database;
    final EventHub events = new EventHub();
    final PersistenceWriter writer;
    final TokenService tokens;
    final SyncReceiver receiver;
    final ApiServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ControlPlane(Path dir, boolean serve) {
        database = Database.open(dir.resolve(DATABASE));
        writer = new PersistenceWriter(database, events);
        tokens = new TokenService(database, writer, Clock.systemUTC(), new SecureRandom());
        receiver = new SyncReceiver(writer, Clock.systemUTC());
        ConfigStore config = new ConfigStore(database, writer, new SecretKeyFile(dir.resolve("secret.key"),
                new SecureRandom()), Map.of(), Map.of(), Clock.systemUTC(), new SecureRandom());
        MissionService missions = new MissionService(new MissionQueries(database), writer, Clock.systemUTC(),
                IdGenerator.random());
        MissionTools missionTools = new MissionTools(new MissionQueries(database), writer, Clock.systemUTC(),
                (mission, missionConfig) -> {
                    throw new UnsupportedOperationException("no tracker in sync tests");
                });
        server = new ApiServer(new ApiServer.Deps(database, tokens, config, missions, missionTools, events, receiver,
                new WorkspaceRegistry(database, writer, tokens, Clock.systemUTC(), IdGenerator.random()), "test",
                Clock.systemUTC()));
        if (serve) {
            server.start("127.0.0.1", 0);
        }
    }

    /** Creates the workspace row (as the orchestrator would) and returns a token for it. */
    String createWorkspace(String workspaceId, String sessionId, String missionIssueId) {
        writer.write(new WorkspaceCommand.Create(workspaceId, missionIssueId, sessionId, "local", null, null, "ready",
                null, ManagedWorkspace.T0));
        return tokens.create("ws " + workspaceId, new TokenScope.Workspace(workspaceId), null).token();
    }

    String createWorkspace() {
        return createWorkspace(ManagedWorkspace.WORKSPACE, ManagedWorkspace.SESSION, null);
    }

    String apiToken() {
        return tokens.create("api", TokenScope.api(), null).token();
    }

    long ackedThrough() {
        return Rows.count(database, "SELECT sync_acked_through FROM workspaces WHERE id = '"
                + ManagedWorkspace.WORKSPACE + "'");
    }

    HttpResponse<String> post(String token, String body) {
        return post(token, body.getBytes(StandardCharsets.UTF_8), false);
    }

    HttpResponse<String> post(String token, SyncBatch batch) {
        return post(token, SyncJson.write(batch));
    }

    HttpResponse<String> postGzip(String token, byte[] body) {
        return post(token, gzip(body), true);
    }

    HttpResponse<String> post(String token, byte[] body, boolean gzip) {
        // Expect: 100-continue, as a client of large uploads should: a 413 then arrives before the body is sent,
        // instead of racing the server closing a connection whose oversized body it will not read.
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/sync")).timeout(Duration.ofSeconds(30))
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        http.shutdownNow();
        server.stop();
        writer.close();
        database.close();
    }
}
