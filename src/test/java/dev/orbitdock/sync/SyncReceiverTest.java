package dev.orbitdock.sync;

import dev.orbitdock.testing.Rows;

import static dev.orbitdock.sync.ManagedWorkspace.SESSION;
import static dev.orbitdock.sync.ManagedWorkspace.T0;
import static dev.orbitdock.sync.ManagedWorkspace.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.auth.TokenInfo;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.store.ConfigCommand;
import dev.orbitdock.store.PersistCommand;
import dev.orbitdock.store.SessionCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver's §4 steps against real SQLite, without HTTP. */
class SyncReceiverTest {
    private static final TokenInfo TOKEN = token(WORKSPACE);

    @TempDir
    Path dir;
    ManagedWorkspace managed;
    ControlPlane control;
    List<SyncEnvelope> stream;

    @BeforeEach
    void setUp() {
        managed = new ManagedWorkspace(dir).write(ManagedWorkspace.sessionStream(20));
        control = new ControlPlane(dir, false);
        control.createWorkspace();
        stream = managed.envelopes(1);
    }

    @AfterEach
    void tearDown() {
        control.close();
        managed.close();
    }

    static TokenInfo token(String workspaceId) {
        return new TokenInfo("t1", "ws", new TokenScope.Workspace(workspaceId), T0, null, null);
    }

    private SyncAck receive(List<SyncEnvelope> envelopes) {
        return control.receiver.receive(TOKEN, new SyncBatch(envelopes));
    }

    private long logged() {
        return Rows.count(control.database, "SELECT count(*) FROM sync_log");
    }

    @Test
    void aReplicatedStreamYieldsIdenticalRows() {
        SyncAck ack = receive(stream);

        assertThat(ack.ackedThrough()).isEqualTo(stream.size());
        assertThat(Rows.dump(control.database)).isEqualTo(Rows.dump(managed.database));
        assertThat(logged()).isEqualTo(stream.size());
        assertThat(control.ackedThrough()).isEqualTo(stream.size());
    }

    @Test
    void replayingABatchIsIdempotent() {
        receive(stream);
        SyncAck again = receive(stream);

        assertThat(again.ackedThrough()).isEqualTo(stream.size());
        assertThat(Rows.dump(control.database)).isEqualTo(Rows.dump(managed.database));
        assertThat(logged()).isEqualTo(stream.size());
    }

    @Test
    void anOverlappingBatchAppliesOnlyTheRest() {
        receive(stream.subList(0, 10));
        SyncAck ack = receive(stream.subList(5, stream.size()));

        assertThat(ack.ackedThrough()).isEqualTo(stream.size());
        assertThat(Rows.dump(control.database)).isEqualTo(Rows.dump(managed.database));
        assertThat(Rows.count(control.database, "SELECT count(DISTINCT sequence) FROM sync_log"))
                .isEqualTo(stream.size());
    }

    @Test
    void aGapIsRefusedWithTheExpectedSequenceAndNothingApplied() {
        receive(stream.subList(0, 5));

        assertThatThrownBy(() -> receive(stream.subList(7, 10)))
                .isInstanceOfSatisfying(SyncRejection.SequenceGap.class, gap -> {
                    assertThat(gap.expected()).isEqualTo(6);
                    assertThat(gap.ackedThrough()).isEqualTo(5);
                });
        assertThat(logged()).isEqualTo(5);
        assertThat(control.ackedThrough()).isEqualTo(5);
    }

    @Test
    void aLowerGenerationIsStaleAndAHigherOneIsRemembered() {
        receive(managed.envelopes(3).subList(0, 4));

        assertThatThrownBy(() -> receive(managed.envelopes(2).subList(4, 6)))
                .isInstanceOfSatisfying(SyncRejection.StaleGeneration.class, stale -> {
                    assertThat(stale.highest()).isEqualTo(3);
                    assertThat(stale.ackedThrough()).isEqualTo(4);
                });
        assertThat(receive(managed.envelopes(4).subList(4, 6)).ackedThrough()).isEqualTo(6);
        assertThat(Rows.count(control.database, "SELECT sync_generation FROM workspaces")).isEqualTo(4);
    }

    @Test
    void aCommandOutsideTheWorkspaceAppliesNothingOfTheBatch() {
        List<SyncEnvelope> bad = new ArrayList<>(stream.subList(0, 5));
        bad.add(new SyncEnvelope(6, WORKSPACE, 1, T0,
                new SessionCommand.Create("od-other", "claude", "working", null, null, null, null, T0)));

        assertThatThrownBy(() -> receive(bad)).isInstanceOf(SyncRejection.ScopeViolation.class)
                .hasMessageContaining("od-other");
        assertThat(logged()).isZero();
        assertThat(Rows.count(control.database, "SELECT count(*) FROM sessions")).isZero();
        assertThat(control.ackedThrough()).isZero();
    }

    @Test
    void nonReplicatedCommandsAndOtherWorkspacesAreScopeViolations() {
        PersistCommand config = new ConfigCommand.Set("bind", "0.0.0.0:1", T0);
        assertThatThrownBy(() -> receive(List.of(new SyncEnvelope(1, WORKSPACE, 1, T0, config))))
                .isInstanceOf(SyncRejection.ScopeViolation.class);
        SyncEnvelope first = stream.getFirst();
        assertThatThrownBy(() -> receive(List.of(new SyncEnvelope(1, "od-w2", 1, T0, first.command()))))
                .isInstanceOf(SyncRejection.ScopeViolation.class);
        assertThat(logged()).isZero();
    }

    @Test
    void aWorkspaceWithoutARowIsUnknown() {
        assertThatThrownBy(() -> control.receiver.receive(token("od-gone"), new SyncBatch(List.of())))
                .isInstanceOf(SyncRejection.UnknownWorkspace.class);
    }

    @Test
    void nonContiguousAndOversizedBatchesAreMalformed() {
        List<SyncEnvelope> shuffled = new ArrayList<>(stream.subList(0, 5));
        Collections.swap(shuffled, 1, 2);
        assertThatThrownBy(() -> receive(shuffled)).isInstanceOf(SyncRejection.MalformedBatch.class);

        List<SyncEnvelope> huge = new ArrayList<>();
        for (int i = 1; i <= SyncBatch.MAX_ENVELOPES + 1; i++) {
            huge.add(new SyncEnvelope(i, WORKSPACE, 1, T0, stream.getFirst().command()));
        }
        List<SyncEnvelope> mixed = List.of(stream.get(0), new SyncEnvelope(2, "od-w2", 1, T0, stream.get(1).command()));
        assertThatThrownBy(() -> receive(mixed)).isInstanceOf(SyncRejection.MalformedBatch.class)
                .hasMessageContaining("workspace_id");
        assertThatThrownBy(() -> receive(huge)).isInstanceOfSatisfying(SyncRejection.MalformedBatch.class,
                m -> assertThat(m.tooLarge()).isTrue());
        assertThat(logged()).isZero();
    }

    @Test
    void anEmptyBatchIsAHeartbeat() {
        receive(stream.subList(0, 3));
        SyncAck ack = receive(List.of());

        assertThat(ack.ackedThrough()).isEqualTo(3);
        assertThat(Rows.query(control.database, "SELECT last_heartbeat_at FROM workspaces").getFirst()
                .get("last_heartbeat_at")).isNotNull();
    }

    @Test
    void theWireFormIsSnakeCaseWithTheCommandsOwnJson() throws Exception {
        JsonNode json = SyncJson.mapper().readTree(SyncJson.write(new SyncBatch(stream.subList(0, 1))));
        JsonNode envelope = json.get("commands").get(0);

        assertThat(envelope.get("sequence").asLong()).isEqualTo(1);
        assertThat(envelope.get("workspace_id").asText()).isEqualTo(WORKSPACE);
        assertThat(envelope.get("generation").asLong()).isEqualTo(1);
        assertThat(envelope.get("timestamp").asText()).endsWith("Z");
        assertThat(envelope.get("command").get("type").asText()).isEqualTo("session.create");
        assertThat(envelope.get("command").get("sessionId").asText()).isEqualTo(SESSION);
        assertThat(SyncJson.read(SyncJson.write(new SyncBatch(stream)).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .commands()).isEqualTo(stream);
    }
}
