package dev.orbitdock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.store.Applied;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRecorderTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicInteger progressUpdates = new AtomicInteger();
    private final AtomicInteger barriers = new AtomicInteger();
    private TestStore store;
    private SessionRecorder recorder;

    @BeforeEach
    void open() {
        store = TestStore.open(dir, applied -> applied.stream().map(Applied::command)
                .filter(SessionCommand.Update.class::isInstance).forEach(c -> progressUpdates.incrementAndGet()));
        recorder = new SessionRecorder(store.writer(), IdGenerator.sequential("row"), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void startCreatesAWorkingSessionWithTheLaunchIds() {
        recorder.start(launch("s1"), "command");

        assertThat(store.string("SELECT status || ' ' || provider || ' ' || workspace_id || ' ' || mission_issue_id"
                + " || ' ' || cwd || ' ' || started_at FROM sessions WHERE id = 's1'"))
                .isEqualTo("working command ws-1 mi-1 " + dir.resolve("work") + " 2025-03-01T10:00:00Z");
    }

    @Test
    void rowsGetIdsFromTheGeneratorTimesFromTheClockAndIncreasingSequences() {
        recorder.start(launch("s1"), "command");
        String first = recorder.row("s1", "turn-1", "output", JsonNodeFactory.instance.objectNode().put("text", "a"));
        clock.advance(Duration.ofSeconds(3));
        String second = recorder.row("s1", null, "stderr", JsonNodeFactory.instance.objectNode().put("text", "b"));
        recorder.end("s1", new AgentExit(0, false, "exited with status 0"));

        assertThat(List.of(first, second)).containsExactly("row-1", "row-2");
        assertThat(SessionRows.of(store, "s1")).containsExactly(
                new SessionRows.Row(1, "output", "{\"text\":\"a\"}"),
                new SessionRows.Row(2, "stderr", "{\"text\":\"b\"}"));
        assertThat(store.string("SELECT turn_id || ' ' || created_at FROM conversation_rows WHERE id = 'row-1'"))
                .isEqualTo("turn-1 2025-03-01T10:00:00Z");
        assertThat(store.string("SELECT created_at FROM conversation_rows WHERE id = 'row-2'"))
                .isEqualTo("2025-03-01T10:00:03Z");
    }

    @Test
    void progressIsThrottledToOneUpdatePerSecondAndEndFlushesTheLastOne() {
        recorder.start(launch("s1"), "command");

        recorder.progress("s1");
        clock.advance(Duration.ofMillis(100));
        recorder.progress("s1");
        clock.advance(Duration.ofMillis(800));
        recorder.progress("s1");
        barrier();
        assertThat(progressUpdates).hasValue(1);
        assertThat(lastProgress("s1")).isEqualTo("2025-03-01T10:00:00Z 2025-03-01T10:00:00Z");

        clock.advance(Duration.ofMillis(100)); // t0 + 1s: a full interval since the last write
        recorder.progress("s1");
        clock.advance(Duration.ofMillis(200));
        recorder.progress("s1"); // t0 + 1.2s: throttled, kept pending
        barrier();
        assertThat(progressUpdates).hasValue(2);
        assertThat(lastProgress("s1")).isEqualTo("2025-03-01T10:00:01Z 2025-03-01T10:00:01Z");

        clock.advance(Duration.ofMillis(300));
        recorder.end("s1", new AgentExit(3, false, "exited with status 3"));
        barrier();

        assertThat(progressUpdates).hasValue(3);
        assertThat(lastProgress("s1")).isEqualTo("2025-03-01T10:00:01.200Z 2025-03-01T10:00:01.200Z");
        assertThat(store.string("SELECT status || ' ' || ended_at || ' ' || end_reason FROM sessions WHERE id = 's1'"))
                .isEqualTo("ended 2025-03-01T10:00:01.500Z exited with status 3");
    }

    @Test
    void throttlingIsPerSession() {
        recorder.start(launch("s1"), "command");
        recorder.start(launch("s2"), "command");

        recorder.progress("s1");
        recorder.progress("s2");
        barrier();

        assertThat(progressUpdates).hasValue(2);
        assertThat(lastProgress("s2")).isEqualTo("2025-03-01T10:00:00Z 2025-03-01T10:00:00Z");
    }

    @Test
    void endWithoutPendingProgressWritesNoUpdate() {
        recorder.start(launch("s1"), "command");
        recorder.progress("s1");

        recorder.end("s1", new AgentExit(0, false, "exited with status 0"));
        barrier();

        assertThat(progressUpdates).hasValue(1);
    }

    @Test
    void everythingSubmittedIsCommittedWhenEndReturns() {
        recorder.start(launch("s1"), "command");
        for (int i = 0; i < 500; i++) {
            recorder.row("s1", null, "output", JsonNodeFactory.instance.objectNode().put("text", "line " + i));
            recorder.progress("s1");
        }

        recorder.end("s1", new AgentExit(0, false, "exited with status 0"));

        assertThat(store.count("SELECT count(*) FROM conversation_rows WHERE session_id = 's1'")).isEqualTo(500);
        assertThat(store.count("SELECT max(sequence) FROM conversation_rows WHERE session_id = 's1'")).isEqualTo(500);
    }

    /**
     * The writer commits in queue order, so once a waited-for write commits everything before it has too. The
     * listener runs just after a batch's futures complete, so a second write makes sure the first batch was heard.
     */
    private void barrier() {
        for (int i = 0; i < 2; i++) {
            store.writer().write(new SessionCommand.Create("barrier-" + barriers.incrementAndGet(), "test", "working",
                    null, null, null, null, clock.instant()));
        }
    }

    private String lastProgress(String sessionId) {
        return store.string("SELECT last_activity_at || ' ' || last_progress_at FROM sessions WHERE id = ?",
                sessionId);
    }

    private AgentLaunch launch(String sessionId) {
        return new AgentLaunch("command", sessionId, "ws-1", "mi-1", dir.resolve("work"), dir.resolve("prompt.md"),
                Map.of(), JsonNodeFactory.instance.objectNode());
    }
}
