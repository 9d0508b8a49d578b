package dev.orbitdock.store;

import static dev.orbitdock.store.Commands.append;
import static dev.orbitdock.store.Commands.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.testing.TestStore;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work items: transactional code run by the writer as one queue entry, with the same failure isolation. */
class PersistenceWriterWorkTest {
    @TempDir
    Path dir;

    private static void log(WorkContext ctx, long sequence) throws SQLException {
        try (PreparedStatement insert = ctx.connection().prepareStatement("INSERT INTO sync_log (workspace_id,"
                + " sequence, generation, command_json, received_at) VALUES ('w', ?, 0, '{}', 'now')")) {
            insert.setLong(1, sequence);
            insert.executeUpdate();
        }
    }

    @Test
    void workCommitsItsSqlAndCommandsAndReturnsItsValue() {
        try (TestStore store = TestStore.open(dir)) {
            CompletableFuture<Long> result = store.writer().submitWork(ctx -> {
                log(ctx, 1);
                ctx.apply(session("a"));
                return ctx.apply(append("r1", "a", "one")).sequence().orElseThrow();
            });

            assertThat(result).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(1L);
            assertThat(store.count("SELECT count(*) FROM sync_log")).isEqualTo(1);
            assertThat(store.count("SELECT count(*) FROM conversation_rows")).isEqualTo(1);
        }
    }

    @Test
    void workThatThrowsRollsBackAloneAndFailsWithWhatItThrew() {
        try (TestStore store = TestStore.open(dir)) {
            store.writer().write(session("a"));
            IllegalStateException boom = new IllegalStateException("boom");
            List<CompletableFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                futures.add(i == 10 ? store.writer().submitWork(ctx -> {
                    log(ctx, 99);
                    ctx.apply(append("r-bad", "a", "x"));
                    throw boom;
                }) : store.writer().submitForResult(append("r" + n, "a", "row " + n)));
            }

            assertThat(futures.get(10)).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class).havingCause().isSameAs(boom);
            futures.remove(10);
            assertThat(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)))
                    .succeedsWithin(Duration.ofSeconds(10));
            assertThat(store.count("SELECT count(*) FROM conversation_rows")).isEqualTo(19);
            assertThat(store.count("SELECT count(*) FROM conversation_rows WHERE id = 'r-bad'")).isZero();
            assertThat(store.count("SELECT count(*) FROM sync_log")).isZero();
        }
    }

    @Test
    void aFailingSqlStatementFailsTheWorkWithItsCause() {
        try (TestStore store = TestStore.open(dir)) {
            store.writer().submitWork(ctx -> {
                log(ctx, 1);
                return null;
            }).join();
            CompletableFuture<Object> duplicate = store.writer().submitWork(ctx -> {
                log(ctx, 1);
                return null;
            });

            assertThat(duplicate).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isNotNull();
            assertThat(store.count("SELECT count(*) FROM sync_log")).isEqualTo(1);
        }
    }

    @Test
    void theCommitListenerSeesWhatWorkApplied() {
        List<Applied> seen = new CopyOnWriteArrayList<>();
        try (TestStore store = TestStore.open(dir, seen::addAll)) {
            store.writer().submitWork(ctx -> {
                ctx.apply(session("a"));
                ctx.apply(append("r1", "a", "one"));
                return null;
            }).join();
            CompletableFuture<Object> failed = store.writer().submitWork(ctx -> {
                ctx.apply(session("b"));
                throw new IllegalArgumentException("no");
            });
            assertThat(failed).failsWithin(Duration.ofSeconds(10));
            store.writer().write(session("c"));

            // The listener is told after the writers' futures complete, so it may still be running here.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(seen).extracting(Applied::entityId).containsExactly("a", "a", "c"));
        }
    }
}
