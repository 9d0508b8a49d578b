package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Patch;
import dev.orbitdock.mission.MissionRecord;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.MissionIssueCommand;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.sync.SyncBatch;
import dev.orbitdock.sync.SyncEnvelope;
import dev.orbitdock.testing.WsRecorder;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code /ws} topic protocol of docs/websocket.md: snapshot, then deltas with revisions, and resumption. */
class LiveTopicsTest extends RunningServerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private String token;

    @BeforeEach
    void setUp() {
        token = test.apiToken();
    }

    @Test
    void aMissionTopicSendsTheBoardThenIssueChanges() throws Exception {
        MissionRecord mission = mission();
        issue("od-i1", mission, "failed");
        WsRecorder ws = connect();

        subscribe(ws, "mission:" + mission.id(), 0);
        JsonNode snapshot = ws.next();
        assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
        assertThat(snapshot.get("topic").asText()).isEqualTo("mission:" + mission.id());
        assertThat(snapshot.get("mission").get("name").asText()).isEqualTo("shop");
        assertThat(snapshot.get("issues").get(0).get("state").asText()).isEqualTo("failed");
        assertThat(snapshot.get("issues").get(0).get("allowed_transitions").toString()).contains("queued");

        test.missions.transition("od-i1", OrchestrationState.QUEUED);
        JsonNode delta = ws.next();
        assertThat(delta.get("type").asText()).isEqualTo("issue");
        assertThat(delta.get("issue").get("id").asText()).isEqualTo("od-i1");
        assertThat(delta.get("issue").get("state").asText()).isEqualTo("queued");
        assertThat(delta.get("revision").asLong()).isGreaterThan(snapshot.get("revision").asLong());
    }

    @Test
    void theDashboardTopicFollowsMissionsAndTheirCounts() throws Exception {
        MissionRecord mission = mission();
        WsRecorder ws = connect();
        subscribe(ws, "dashboard", 0);
        JsonNode snapshot = ws.next();
        assertThat(snapshot.get("missions").get(0).get("id").asText()).isEqualTo(mission.id());

        issue("od-i1", mission, "queued");
        JsonNode delta = ws.next();

        assertThat(delta.get("type").asText()).isEqualTo("mission");
        assertThat(delta.get("topic").asText()).isEqualTo("dashboard");
        assertThat(delta.get("mission").get("issues").get("queued").asInt()).isEqualTo(1);
    }

    @Test
    void aSessionTopicPagesItsRowsThenStreamsNewOnes() throws Exception {
        session("od-s1");
        int stored = LiveQueries.ROWS_PER_MESSAGE * 2 + 5;
        for (int i = 1; i <= stored; i++) {
            test.writer.submit(row("od-s1", "od-r" + i, "line " + i));
        }
        test.writer.write(new SessionCommand.Update("od-s1", Patch.set("working"), Patch.absent(), Patch.absent(),
                Patch.absent(), Patch.absent(), Patch.absent()));
        WsRecorder ws = connect();

        subscribe(ws, "session:od-s1", 0);
        List<JsonNode> pages = List.of(ws.next(), ws.next(), ws.next());
        assertThat(pages).extracting(p -> p.get("complete").asBoolean()).containsExactly(false, false, true);
        assertThat(pages.getFirst().get("session").get("status").asText()).isEqualTo("working");
        assertThat(pages).extracting(p -> p.get("rows").size())
                .containsExactly(LiveQueries.ROWS_PER_MESSAGE, LiveQueries.ROWS_PER_MESSAGE, 5);

        test.writer.write(row("od-s1", "od-new", "fresh"));
        JsonNode delta = ws.next();
        assertThat(delta.get("type").asText()).isEqualTo("row");
        assertThat(delta.get("row").get("sequence").asLong()).isEqualTo(stored + 1);
        assertThat(delta.get("row").get("payload").get("text").asText()).isEqualTo("fresh");
        assertThat(delta.get("row").get("row_type").asText()).isEqualTo("output");
    }

    @Test
    void rowsWrittenWhileSubscribingArriveExactlyOnceAndAResubscriptionResumes() throws Exception {
        session("od-s1");
        int total = 600;
        for (int i = 1; i <= total / 2; i++) {
            test.writer.submit(row("od-s1", "od-r" + i, "line " + i));
        }
        WsRecorder ws = connect();
        subscribe(ws, "session:od-s1", 0); // races the second half of the writes on purpose
        for (int i = total / 2 + 1; i <= total; i++) {
            test.writer.submit(row("od-s1", "od-r" + i, "line " + i));
        }
        List<Long> received = sequencesUntil(ws, total);
        assertThat(received).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());

        // A client that saw rows up to 450 reconnects: it gets 451… from the snapshot, then new rows.
        WsRecorder again = connect();
        subscribe(again, "session:od-s1", 450);
        test.writer.write(row("od-s1", "od-after", "after the reconnect"));
        assertThat(sequencesUntil(again, total + 1))
                .containsExactlyElementsOf(LongStream.rangeClosed(451, total + 1).boxed().toList());
    }

    @Test
    void anUpsertReplacesARowInPlace() throws Exception {
        session("od-s1");
        test.writer.write(row("od-s1", "od-r1", "draft"));
        WsRecorder ws = connect();
        subscribe(ws, "session:od-s1", 0);
        ws.next();

        test.writer.write(new ConversationCommand.Upsert("od-r1", "od-s1", null, "output",
                TestServer.JSON.createObjectNode().put("text", "final"), T0));
        JsonNode delta = ws.next();

        assertThat(delta.get("row").get("sequence").asLong()).isEqualTo(1);
        assertThat(delta.get("row").get("payload").get("text").asText()).isEqualTo("final");
    }

    @Test
    void theWorkspacesTopicFollowsSyncBatchesHeartbeatsAndDestruction() throws Exception {
        WorkspaceRegistry.Registration remote = test.workspaces.register("daytona", null);
        WsRecorder ws = connect();
        subscribe(ws, "workspaces", 0);
        JsonNode snapshot = ws.next();
        assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
        assertThat(snapshot.get("workspaces").get(0).get("id").asText()).isEqualTo(remote.workspaceId());
        assertThat(snapshot.get("workspaces").get(0).at("/sync/acked_through").asLong()).isZero();

        test.sync.receive(remote.token().info(), new SyncBatch(List.of(new SyncEnvelope(1, remote.workspaceId(),
                remote.generation(), T0, new SessionCommand.Create(remote.sessionId(), "command", "starting",
                remote.workspaceId(), null, null, null, T0))), 4L));
        JsonNode batch = next(ws, "workspace");
        assertThat(batch.get("topic").asText()).isEqualTo("workspaces");
        assertThat(batch.get("revision").asLong()).isGreaterThan(snapshot.get("revision").asLong());
        assertThat(batch.at("/workspace/sync/acked_through").asLong()).isEqualTo(1);
        assertThat(batch.at("/workspace/sync/outbox_depth").asLong()).isEqualTo(4);

        test.sync.receive(remote.token().info(), new SyncBatch(List.of(), 0L)); // an idle heartbeat
        JsonNode heartbeat = next(ws, "workspace");
        assertThat(heartbeat.at("/workspace/sync/outbox_depth").asLong()).isZero();
        assertThat(heartbeat.at("/workspace/sync/last_heartbeat_at").isNull()).isFalse();

        assertThat(test.send("DELETE", "/api/workspaces/" + remote.workspaceId(), token, null).statusCode())
                .isEqualTo(200);
        JsonNode destroyed = next(ws, "workspace");
        assertThat(destroyed.at("/workspace/status").asText()).isEqualTo("destroyed");
        assertThat(destroyed.at("/workspace/destroyed_at").isNull()).isFalse();
    }

    @Test
    void aBoardCarriesTheProvisioningStepsOfItsIssuesAsTheyHappen() throws Exception {
        MissionRecord mission = mission();
        issue("od-i1", mission, "provisioning");
        test.writer.write(new WorkspaceCommand.Create("od-w1", "od-i1", "od-s1", "daytona", null, "mission/od-i1",
                "creating", null, T0));
        test.writer.write(new MissionIssueCommand.Update("od-i1", Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.set("od-w1"), Patch.set("od-s1"), Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.absent(), Patch.absent(), T0));
        test.provisioningSteps("od-w1", TestServer.step("creating", "finished", null));
        WsRecorder ws = connect();

        subscribe(ws, "mission:" + mission.id(), 0);
        JsonNode snapshot = ws.next();
        assertThat(snapshot.at("/provisioning/0/issue_id").asText()).isEqualTo("od-i1");
        assertThat(snapshot.at("/provisioning/0/workspace_id").asText()).isEqualTo("od-w1");
        assertThat(snapshot.at("/provisioning/0/steps/0/name").asText()).isEqualTo("creating");

        test.provisioningSteps("od-w1", TestServer.step("creating", "finished", null),
                TestServer.step("cloning", "running", null));
        JsonNode delta = next(ws, "provisioning");
        assertThat(delta.get("topic").asText()).isEqualTo("mission:" + mission.id());
        assertThat(delta.get("revision").asLong()).isGreaterThan(snapshot.get("revision").asLong());
        assertThat(delta.at("/provisioning/issue_id").asText()).isEqualTo("od-i1");
        assertThat(delta.at("/provisioning/steps/1/name").asText()).isEqualTo("cloning");
        assertThat(delta.at("/provisioning/steps/1/status").asText()).isEqualTo("running");

        // A heartbeat changes nothing a board shows: the next message is the issue written after it.
        test.writer.write(new WorkspaceCommand.Update("od-w1", Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.absent(), Patch.absent(), Patch.set(T0), Patch.absent(), Patch.absent(), Patch.absent()));
        test.writer.write(new MissionIssueCommand.Update("od-i1", Patch.set("Fix it now"), Patch.absent(),
                Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.absent(), Patch.absent(), T0));
        assertThat(ws.next().get("type").asText()).isEqualTo("issue");
    }

    @Test
    void badRequestsGetAnErrorAndTheConnectionStays() throws Exception {
        WsRecorder ws = connect();
        WebSocket socket = socket(ws);

        socket.sendText("not json", true).get(10, TimeUnit.SECONDS);
        assertThat(ws.next().get("code").asText()).isEqualTo("invalid_message");
        subscribe(ws, "planets", 0);
        assertThat(ws.next().get("code").asText()).isEqualTo("invalid_topic");
        subscribe(ws, "mission:od-nope", 0);
        JsonNode missing = ws.next();
        assertThat(missing.get("code").asText()).isEqualTo("mission_not_found");
        assertThat(missing.get("topic").asText()).isEqualTo("mission:od-nope");
    }

    @Test
    void aSessionCanBeFollowedBeforeItStarts() throws Exception {
        WsRecorder ws = connect();
        subscribe(ws, "session:od-later", 0);
        JsonNode snapshot = ws.next();
        assertThat(snapshot.get("session").isNull()).isTrue();
        assertThat(snapshot.get("rows")).isEmpty();
        assertThat(snapshot.get("complete").asBoolean()).isTrue();

        session("od-later");
        test.writer.write(row("od-later", "od-r1", "first"));

        assertThat(ws.next().get("session").get("status").asText()).isEqualTo("starting");
        assertThat(ws.next().get("row").get("sequence").asLong()).isEqualTo(1);
    }

    @Test
    void anUnsubscribedTopicGetsNoMoreDeltas() throws Exception {
        session("od-s1");
        MissionRecord mission = mission();
        WsRecorder ws = connect();
        subscribe(ws, "session:od-s1", 0);
        ws.next();
        subscribe(ws, "mission:" + mission.id(), 0);
        ws.next();

        send(ws, "{\"type\":\"unsubscribe\",\"topic\":\"session:od-s1\"}");
        subscribe(ws, "dashboard", 0); // requests are handled in order: its snapshot means the unsubscribe is done
        assertThat(ws.next().get("topic").asText()).isEqualTo("dashboard");
        test.writer.write(row("od-s1", "od-r1", "unseen"));
        issue("od-i1", mission, "queued");

        JsonNode next = ws.next();
        assertThat(next.get("type").asText()).isEqualTo("issue"); // the row, written first, never came
    }

    /** The next message of {@code type}, skipping others (e.g. the token revocation's, which no topic shows). */
    private static JsonNode next(WsRecorder ws, String type) throws Exception {
        while (true) {
            JsonNode message = ws.next();
            if (message.get("type").asText().equals(type)) {
                return message;
            }
        }
    }

    private List<Long> sequencesUntil(WsRecorder ws, long last) throws Exception {
        List<Long> sequences = new ArrayList<>();
        while (sequences.isEmpty() || sequences.getLast() < last) {
            JsonNode message = ws.next();
            switch (message.get("type").asText()) {
                case "snapshot" -> message.get("rows").forEach(r -> sequences.add(r.get("sequence").asLong()));
                case "row" -> sequences.add(message.get("row").get("sequence").asLong());
                default -> { }
            }
        }
        return sequences;
    }

    private final Map<WsRecorder, WebSocket> sockets = new HashMap<>();

    private WsRecorder connect() throws Exception {
        WsRecorder recorder = new WsRecorder();
        sockets.put(recorder, test.webSocket("/ws", token, recorder).get(10, TimeUnit.SECONDS));
        assertThat(recorder.next().get("type").asText()).isEqualTo("hello");
        return recorder;
    }

    private WebSocket socket(WsRecorder recorder) {
        return sockets.get(recorder);
    }

    private void subscribe(WsRecorder ws, String topic, long after) throws Exception {
        send(ws, "{\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"after\":" + after + "}");
    }

    private void send(WsRecorder ws, String text) throws Exception {
        socket(ws).sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    private MissionRecord mission() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(repo.resolve("MISSION.md"), "---\nagent: {kind: command, command: {run: 'true'}}\n---\nGo\n");
        return test.missions.add(repo);
    }

    private void issue(String id, MissionRecord mission, String state) {
        test.writer.write(new MissionIssueCommand.Create(id, mission.id(), id, id.toUpperCase(), "Fix it", null, 1, T0,
                state, T0));
    }

    private void session(String id) {
        test.writer.write(new SessionCommand.Create(id, "command", "starting", null, null, null, null, T0));
    }

    private static ConversationCommand.Append row(String sessionId, String rowId, String text) {
        return new ConversationCommand.Append(rowId, sessionId, null, "output",
                TestServer.JSON.createObjectNode().put("text", text), T0);
    }
}
