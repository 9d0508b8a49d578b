package dev.orbitdock.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncLogSweeperTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");

    @Test
    void prunesOnlyEntriesOlderThanTheRetentionAcrossSeveralChunks() {
        try (TestStore store = TestStore.open(dir)) {
            int old = 2 * SyncLogSweeper.CHUNK + 17;
            log(store, "od-w1", 1, old, clock.instant().minus(Duration.ofDays(31)));
            log(store, "od-w1", old + 1, 3, clock.instant().minus(Duration.ofDays(29)));
            SyncLogSweeper sweeper = new SyncLogSweeper(store.writer(), clock, Duration.ofDays(30), Duration.ofHours(1));

            assertThat(sweeper.sweepOnce()).isEqualTo(old);
            assertThat(store.count("SELECT COUNT(*) FROM sync_log")).isEqualTo(3);
            assertThat(store.count("SELECT MIN(sequence) FROM sync_log")).isEqualTo(old + 1);
            assertThat(sweeper.sweepOnce()).isZero();
        }
    }

    private static void log(TestStore store, String workspace, long from, int count, Instant at) {
        store.writer().submitWork(ctx -> {
            try (PreparedStatement insert = ctx.connection().prepareStatement("INSERT INTO sync_log (workspace_id,"
                    + " sequence, generation, command_json, received_at) VALUES (?, ?, 1, '{}', ?)")) {
                for (long sequence = from; sequence < from + count; sequence++) {
                    insert.setString(1, workspace);
                    insert.setLong(2, sequence);
                    insert.setString(3, at.toString());
                    insert.executeUpdate();
                }
            }
            return null;
        }).join();
    }
}
