package dev.orbitdock.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncOutboxRowsTest {
    @TempDir
    Path dir;

    @Test
    void aBatchBuiltAroundTheStoredJsonIsExactlyWhatSerializingItsEnvelopesGives() {
        try (ManagedWorkspace managed = new ManagedWorkspace(dir).write(ManagedWorkspace.sessionStream(12))) {
            SyncOutboxRows outbox = new SyncOutboxRows(managed.database, managed.writer, ManagedWorkspace.WORKSPACE, 3);
            List<SyncOutboxRows.Row> rows = outbox.after(0, 1000);

            byte[] raw = outbox.batchJson(rows, 7);

            assertThat(new String(raw, StandardCharsets.UTF_8))
                    .isEqualTo(SyncJson.write(new SyncBatch(managed.envelopes(3), 7L)));
            assertThat(SyncJson.read(raw).commands()).isEqualTo(managed.envelopes(3));
        }
    }

    @Test
    void readsAboveASequenceAndCountsWhatIsLeftBehindIt() {
        try (ManagedWorkspace managed = new ManagedWorkspace(dir).write(ManagedWorkspace.sessionStream(12))) {
            SyncOutboxRows outbox = new SyncOutboxRows(managed.database, managed.writer, ManagedWorkspace.WORKSPACE, 1);
            long total = managed.envelopes(1).size();

            assertThat(outbox.after(5, 3)).extracting(SyncOutboxRows.Row::sequence).containsExactly(6L, 7L, 8L);
            assertThat(outbox.depthAfter(5)).isEqualTo(total - 5);
            outbox.deleteThrough(5).join();
            assertThat(outbox.depthAfter(0)).isEqualTo(total - 5);
            assertThat(outbox.after(0, 1)).extracting(SyncOutboxRows.Row::sequence).containsExactly(6L);
            assertThat(outbox.depthAfter(total)).isZero();
        }
    }
}
