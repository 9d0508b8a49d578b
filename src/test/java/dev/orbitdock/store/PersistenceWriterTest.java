package dev.orbitdock.store;

import static dev.orbitdock.store.Commands.append;
import static dev.orbitdock.store.Commands.session;
import static dev.orbitdock.store.Commands.sessionStatus;
import static dev.orbitdock.store.Commands.upsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.common.Patch;
import dev.orbitdock.testing.TestStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceWriterTest {
    @TempDir
    Path dir;

    @Test
    void assignsPerSessionSequencesAndReturnsThem() {
        try (TestStore store = TestStore.open(dir)) {
            store.writer().writeAll(List.of(session("a"), session("b")));

            long a1 = store.writer().write(append("r1", "a", "one")).sequence().orElseThrow();
            long b1 = store.writer().write(append("r2", "b", "uno")).sequence().orElseThrow();
            long a2 = store.writer().write(append("r3", "a", "two")).sequence().orElseThrow();

            assertThat(List.of(a1, b1, a2)).containsExactly(1L, 1L, 2L);
            assertThat(store.string("SELECT payload FROM conversation_rows WHERE id = 'r3'"))
                    .isEqualTo("{\"text\":\"two\"}");
        }
    }

    @Test
    void upsertReplacesInPlaceKeepingTheSequence() {
        try (TestStore store = TestStore.open(dir)) {
            store.writer().write(session("a"));
            store.writer().write(append("r1", "a", "one"));
            store.writer().write(append("r2", "a", "two"));

            Applied applied = store.writer().write(upsert("r1", "a", "one, edited"));
            long appendedBySecondUpsert = store.writer().write(upsert("r9", "a", "new")).sequence().orElseThrow();

            assertThat(applied.sequence()).hasValue(1);
            assertThat(appendedBySecondUpsert).isEqualTo(3);
            assertThat(store.string("SELECT payload FROM conversation_rows WHERE id = 'r1'")).contains("edited");
            assertThat(store.count("SELECT count(*) FROM conversation_rows")).isEqualTo(3);
        }
    }

    @Test
    void aFailingCommandFailsAloneAndItsNeighboursCommit() {
        try (TestStore store = TestStore.open(dir)) {
            store.writer().write(session("a"));
            List<CompletableFuture<Applied>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                futures.add(store.writer().submitForResult(i == 15 ? append("r-bad", "missing-session", "x")
                        : append("r" + i, "a", "row " + i)));
            }

            assertThat(futures.get(15)).failsWithin(java.time.Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(CommandRejectedException.class)
                    .withMessageContaining("missing-session");
            futures.remove(15);
            assertThat(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))).succeedsWithin(
                    java.time.Duration.ofSeconds(10));
            assertThat(store.count("SELECT count(*) FROM conversation_rows")).isEqualTo(29);
        }
    }

    @Test
    void atomicSubmissionsCommitAllOrNothing() {
        try (TestStore store = TestStore.open(dir)) {
            store.writer().write(session("a"));

            assertThatThrownBy(() -> store.writer().writeAll(List.of(append("r1", "a", "kept?"),
                    append("r2", "nope", "fails"))))
                    .isInstanceOf(CommandRejectedException.class);

            assertThat(store.count("SELECT count(*) FROM conversation_rows")).isZero();
        }
    }

    @Test
    void patchesLeaveAbsentFieldsAloneAndClearClearedOnes() {
        try (TestStore store = TestStore.open(dir)) {
            store.writer().write(session("a"));
            store.writer().write(sessionStatus("a", "waiting"));
            assertThat(store.string("SELECT model FROM sessions WHERE id = 'a'")).isEqualTo("sonnet");

            store.writer().write(new SessionCommand.Update("a", Patch.absent(), Patch.clear(), Patch.set("Fix bug"),
                    Patch.absent(), Patch.absent(), Patch.absent()));

            assertThat(store.string("SELECT status FROM sessions WHERE id = 'a'")).isEqualTo("waiting");
            assertThat(store.string("SELECT model FROM sessions WHERE id = 'a'")).isNull();
            assertThat(store.string("SELECT title FROM sessions WHERE id = 'a'")).isEqualTo("Fix bug");
        }
    }

    @Test
    void updatingAMissingRowIsRejected() {
        try (TestStore store = TestStore.open(dir)) {
            assertThatThrownBy(() -> store.writer().write(sessionStatus("ghost", "ended")))
                    .isInstanceOf(CommandRejectedException.class).hasMessageContaining("ghost");
        }
    }

    @Test
    void aFullQueueBlocksSubmittersInsteadOfDroppingCommands() throws Exception {
        Database database = Database.open(dir.resolve("orbitdock.db"));
        PersistenceWriter writer = new PersistenceWriter(database, CommitListener.NONE, 4);
        writer.write(session("a"));
        int perThread = 500;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        writer.submit(append("t" + thread + "-" + i, "a", "x"));
                    }
                });
            }
        }
        writer.close();
        try (TestStore reopened = TestStore.open(dir)) {
            assertThat(reopened.count("SELECT count(*) FROM conversation_rows")).isEqualTo(4L * perThread);
            assertThat(reopened.count("SELECT max(sequence) FROM conversation_rows")).isEqualTo(4L * perThread);
        } finally {
            database.close();
        }
    }

    @Test
    void closeWritesEverythingQueuedThenRefusesMore() {
        Database database = Database.open(dir.resolve("orbitdock.db"));
        PersistenceWriter writer = new PersistenceWriter(database, CommitListener.NONE);
        writer.submit(session("a"));
        for (int i = 0; i < 2000; i++) {
            writer.submit(append("r" + i, "a", "row"));
        }

        writer.close();

        assertThatThrownBy(() -> writer.submit(session("b"))).isInstanceOf(WriterClosedException.class);
        database.close();
        try (TestStore reopened = TestStore.open(dir)) {
            assertThat(reopened.count("SELECT count(*) FROM conversation_rows")).isEqualTo(2000);
        }
    }

    @Test
    void batchesNeverExceedFiftyCommands() {
        try (TestStore store = TestStore.open(dir)) {
            store.writer().write(session("a"));
            long before = store.writer().stats().transactions();
            List<CompletableFuture<Applied>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                futures.add(store.writer().submitForResult(append("r" + i, "a", "row")));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

            assertThat(store.writer().stats().transactions() - before).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void listenersHearOnlyCommittedWritesAndCanReadThem() {
        List<Applied> heard = new CopyOnWriteArrayList<>();
        List<Long> visibleRows = new CopyOnWriteArrayList<>();
        TestStore[] holder = new TestStore[1];
        try (TestStore store = TestStore.open(dir, applied -> {
            heard.addAll(applied);
            visibleRows.add(holder[0].count("SELECT count(*) FROM conversation_rows"));
        })) {
            holder[0] = store;
            store.writer().write(session("a"));
            store.writer().write(append("r1", "a", "hi"));
            assertThatThrownBy(() -> store.writer().write(append("r1", "a", "duplicate")))
                    .isInstanceOf(CommandRejectedException.class).hasMessageContaining("already exists");

            await().until(() -> heard.size() == 2);
            assertThat(heard).extracting(Applied::command).containsExactly(session("a"), append("r1", "a", "hi"));
            assertThat(heard.get(1).sequence()).hasValue(1);
            assertThat(visibleRows).last().isEqualTo(1L);
        }
    }

    @Test
    void writeRethrowsTheCauseNotAWrapper() {
        try (TestStore store = TestStore.open(dir)) {
            assertThatThrownBy(() -> store.writer().write(append("r", "none", "x")))
                    .isNotInstanceOf(CompletionException.class);
        }
    }
}
