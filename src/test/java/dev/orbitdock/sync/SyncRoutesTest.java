package dev.orbitdock.sync;

import dev.orbitdock.testing.Rows;

import static dev.orbitdock.sync.ManagedWorkspace.SESSION;
import static dev.orbitdock.sync.ManagedWorkspace.T0;
import static dev.orbitdock.sync.ManagedWorkspace.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.testing.WsRecorder;
import dev.orbitdock.store.SessionCommand;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/sync} over real HTTP: status codes, bodies, limits, encodings and live events. */
class SyncRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ManagedWorkspace managed;
    ControlPlane control;
    List<SyncEnvelope> stream;
    String token;

    @BeforeEach
    void setUp() {
        managed = new ManagedWorkspace(dir).write(ManagedWorkspace.sessionStream(20));
        control = new ControlPlane(dir, true);
        token = control.createWorkspace();
        stream = managed.envelopes(1);
    }

    @AfterEach
    void tearDown() {
        control.close();
        managed.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private long logged() {
        return Rows.count(control.database, "SELECT count(*) FROM sync_log");
    }

    private void assertNothingApplied() {
        assertThat(logged()).isZero();
        assertThat(Rows.count(control.database, "SELECT count(*) FROM sessions")).isZero();
        assertThat(control.ackedThrough()).isZero();
    }

    @Test
    void aStreamIsAckedAndItsRowsAreIdentical() {
        HttpResponse<String> response = control.post(token, new SyncBatch(stream));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("acked_through").asLong()).isEqualTo(stream.size());
        assertThat(Rows.dump(control.database)).isEqualTo(Rows.dump(managed.database));
        assertThat(control.post(token, new SyncBatch(stream)).statusCode()).isEqualTo(200); // replay
        assertThat(logged()).isEqualTo(stream.size());
    }

    @Test
    void aGzipBodyIsAccepted() {
        HttpResponse<String> response = control.postGzip(token,
                SyncJson.write(new SyncBatch(stream)).getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Rows.dump(control.database)).isEqualTo(Rows.dump(managed.database));
    }

    @Test
    void aGzipBodyThatInflatesFarPastItsCompressedSizeArrivesWhole() {
        byte[] json = (" ".repeat(3 * 1024 * 1024) + SyncJson.write(new SyncBatch(stream)))
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = control.postGzip(token, json);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Rows.dump(control.database)).isEqualTo(Rows.dump(managed.database));
    }

    @Test
    void aTruncatedGzipBodyIs400Corrupt() {
        byte[] gzip = ControlPlane.gzip(SyncJson.write(new SyncBatch(stream)).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = control.post(token, Arrays.copyOf(gzip, gzip.length / 2), true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("The gzip request body is corrupt");
        assertNothingApplied();
    }

    @Test
    void aCorruptGzipBodyIs400() {
        HttpResponse<String> response = control.post(token, "{\"commands\":[]}".getBytes(StandardCharsets.UTF_8),
                true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertNothingApplied();
    }

    @Test
    void aGapIs409WithExpectedAndAckedThrough() {
        control.post(token, new SyncBatch(stream.subList(0, 3)));
        HttpResponse<String> response = control.post(token, new SyncBatch(stream.subList(5, 8)));

        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo("sync_sequence_gap");
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("expected").asLong()).isEqualTo(4);
        assertThat(body.get("acked_through").asLong()).isEqualTo(3);
    }

    @Test
    void aStaleGenerationIs409WithAckedThrough() {
        control.post(token, new SyncBatch(managed.envelopes(5).subList(0, 2)));
        HttpResponse<String> response = control.post(token, new SyncBatch(managed.envelopes(4).subList(2, 4)));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("code").asText()).isEqualTo("stale_generation");
        assertThat(json(response).get("acked_through").asLong()).isEqualTo(2);
    }

    @Test
    void aScopeViolationIs403AndAppliesNothing() {
        List<SyncEnvelope> bad = new ArrayList<>(stream.subList(0, 3));
        bad.add(new SyncEnvelope(4, WORKSPACE, 1, T0,
                new SessionCommand.End("od-someone-else", "hijacked", T0)));
        HttpResponse<String> response = control.post(token, new SyncBatch(bad));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("code").asText()).isEqualTo("sync_scope_violation");
        assertNothingApplied();
    }

    @Test
    void anotherWorkspacesTokenIs403() {
        String other = control.createWorkspace("od-w2", "od-s2", null);
        HttpResponse<String> response = control.post(other, new SyncBatch(stream));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).get("code").asText()).isEqualTo("sync_scope_violation");
        assertNothingApplied();
    }

    @Test
    void anApiTokenIs403() {
        HttpResponse<String> response = control.post(control.apiToken(), new SyncBatch(stream));

        assertThat(response.statusCode()).isEqualTo(403);
        assertNothingApplied();
    }

    @Test
    void aRevokedOrUnknownWorkspaceTokenIs401() {
        String id = control.tokens.list().stream().filter(t -> t.scope() instanceof TokenScope.Workspace)
                .findFirst().orElseThrow().id();
        control.tokens.revoke(id);

        for (String presented : List.of(token, "od_nonsense_token", token + "x")) {
            HttpResponse<String> response = control.post(presented, new SyncBatch(stream));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).get("code").asText()).isEqualTo("invalid_workspace_token");
        }
        assertNothingApplied();
    }

    @Test
    void anExpiredWorkspaceTokenIs401() {
        // A nanosecond lifetime has passed by the time the request arrives.
        String expired = control.tokens.create("ws short", new TokenScope.Workspace(ManagedWorkspace.WORKSPACE),
                java.time.Duration.ofNanos(1)).token();

        HttpResponse<String> response = control.post(expired, new SyncBatch(stream));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("code").asText()).isEqualTo("invalid_workspace_token");
        assertNothingApplied();
    }

    @Test
    void aMissingTokenIs401EvenOnAnOpenLoopbackServer() {
        HttpResponse<String> response = control.post(null, new SyncBatch(stream));

        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingApplied();
    }

    @Test
    void malformedJsonAndUnknownCommandTypesAre400WithNothingApplied() throws Exception {
        String valid = SyncJson.write(new SyncBatch(stream));
        JsonNode unknownType = JSON.readTree(valid);
        ((com.fasterxml.jackson.databind.node.ObjectNode) unknownType.get("commands").get(3).get("command"))
                .put("type", "session.explode");

        for (String body : List.of(valid.substring(0, valid.length() / 2), "{\"commands\": 7}", "[]", "null",
                "{\"commands\":[null]}", "{\"commands\":[{\"sequence\":1}]}", JSON.writeValueAsString(unknownType))) {
            HttpResponse<String> response = control.post(token, body);
            assertThat(response.statusCode()).as(body.length() > 40 ? body.substring(0, 40) : body).isEqualTo(400);
            assertThat(json(response).get("code").asText()).isEqualTo("malformed_batch");
        }
        assertNothingApplied();
    }

    @Test
    void aBodyOver8MibIs413AndSoIsABombThatInflatesPastIt() {
        byte[] big = new byte[9 * 1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';

        HttpResponse<String> plain = control.post(token, big, false);
        HttpResponse<String> bomb = control.postGzip(token, big);

        assertThat(plain.statusCode()).isEqualTo(413);
        assertThat(bomb.statusCode()).isEqualTo(413);
        assertThat(json(bomb).get("code").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void moreThan1000EnvelopesIs413BatchTooLarge() {
        List<SyncEnvelope> huge = new ArrayList<>();
        for (int i = 1; i <= SyncBatch.MAX_ENVELOPES + 1; i++) {
            huge.add(new SyncEnvelope(i, WORKSPACE, 1, T0, stream.getFirst().command()));
        }
        HttpResponse<String> response = control.post(token, new SyncBatch(huge));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("code").asText()).isEqualTo("batch_too_large");
        assertNothingApplied();
    }

    @Test
    void anEmptyBatchIsAHeartbeat() {
        HttpResponse<String> response = control.post(token, "{\"commands\":[]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("acked_through").asLong()).isZero();
    }

    @Test
    void webSocketSubscribersSeeReplicatedSessionEvents() throws Exception {
        WsRecorder recorder = new WsRecorder();
        BlockingQueue<String> messages = recorder.messages;
        WebSocket socket = control.http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + control.apiToken())
                .buildAsync(URI.create("ws://127.0.0.1:" + control.server.port() + "/ws"), recorder)
                .get(10, TimeUnit.SECONDS);
        assertThat(JSON.readTree(messages.poll(10, TimeUnit.SECONDS)).get("type").asText()).isEqualTo("hello");

        assertThat(control.post(token, new SyncBatch(stream.subList(0, 2))).statusCode()).isEqualTo(200);

        JsonNode created = JSON.readTree(messages.poll(10, TimeUnit.SECONDS));
        JsonNode appended = JSON.readTree(messages.poll(10, TimeUnit.SECONDS));
        assertThat(created.get("type").asText()).isEqualTo("session.create");
        assertThat(created.get("id").asText()).isEqualTo(SESSION);
        assertThat(appended.get("type").asText()).isEqualTo("conversation.append");
        assertThat(appended.get("sequence").asLong()).isEqualTo(1);
        socket.abort();
    }
}
