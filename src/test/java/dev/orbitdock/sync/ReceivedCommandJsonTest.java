package dev.orbitdock.sync;

import static dev.orbitdock.sync.ManagedWorkspace.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.store.StoreJson;
import dev.orbitdock.testing.Rows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync_log} keeps each command's JSON as it arrived, cut from the body while it is parsed. */
class ReceivedCommandJsonTest {
    @TempDir
    Path dir;

    @Test
    void aBatchAsTheWriterSendsItKeepsExactlyTheOutboxText() {
        try (ManagedWorkspace managed = new ManagedWorkspace(dir).write(ManagedWorkspace.sessionStream(5))) {
            SyncBatch batch = new SyncBatch(managed.envelopes(1), 0L);

            SyncJson.Received received = SyncJson.receive(SyncJson.write(batch).getBytes(StandardCharsets.UTF_8));

            assertThat(received.batch()).isEqualTo(batch);
            assertThat(received.commandJson()).isEqualTo(batch.commands().stream()
                    .map(envelope -> StoreJson.write(envelope.command())).toList());
        }
    }

    @Test
    void spacingFieldOrderAndNonAsciiTextAreKeptAsSentAndStoredSo() {
        String create = "{ \"sessionId\" : \"" + ManagedWorkspace.SESSION + "\", \"provider\":\"command\","
                + " \"status\":\"working\", \"workspaceId\":\"" + WORKSPACE + "\", \"cwd\":\"/w\","
                + " \"startedAt\":\"2026-01-01T00:00:00Z\", \"type\" : \"session.create\" }";
        String append = "{\"type\":\"conversation.append\",\"rowId\":\"r1\",\"sessionId\":\""
                + ManagedWorkspace.SESSION + "\",\"rowType\":\"output\",\"payload\":{\"text\":\"h\u00e9llo \u2603\"},"
                + "\"at\":\"2026-01-01T00:00:01.5Z\"}";
        String body = "{\"commands\":[" + envelope(1, create) + ",\n " + envelope(2, append) + "]}";

        SyncJson.Received received = SyncJson.receive(body.getBytes(StandardCharsets.UTF_8));

        assertThat(received.commandJson()).containsExactly(create, append);
        assertThat(received.batch()).isEqualTo(SyncJson.read(body.getBytes(StandardCharsets.UTF_8)));
        try (ControlPlane control = new ControlPlane(dir, false)) {
            control.createWorkspace();
            control.receiver.receive(SyncReceiverTest.token(WORKSPACE), received);
            assertThat(Rows.query(control.database, "SELECT command_json FROM sync_log ORDER BY sequence"))
                    .extracting(row -> row.get("command_json")).containsExactly(create, append);
        }
    }

    private static String envelope(long sequence, String command) {
        return "{\"sequence\":" + sequence + ",\"workspace_id\":\"" + WORKSPACE
                + "\",\"generation\":1,\"timestamp\":\"2026-01-01T00:00:02Z\",\"command\":" + command + "}";
    }
}
