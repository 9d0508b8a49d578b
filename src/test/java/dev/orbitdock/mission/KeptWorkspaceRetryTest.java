package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A retry of an issue whose last worktree was kept goes on in that worktree; without one it starts afresh. */
class KeptWorkspaceRetryTest {
    private static final String MISSION = """
            tracker: {kind: local, directory: .orbitdock/issues}
            orchestration: {max_retries: 1, max_backoff: 1m, stall_timeout: 5m, base_branch: main}
            agent: {kind: command, command: {run: sh agent.sh, timeout: 2m}}""";
    /** Attempt 1 leaves uncommitted work and fails; attempt 2 commits whatever attempt 1 left. */
    private static final String AGENT = """
            set -e
            if [ "$ORBITDOCK_ATTEMPT" = 1 ]; then echo half > work-1.txt; exit 4; fi
            ls work-1.txt > found.txt 2>&1 || echo none > found.txt
            git add -A
            git -c user.name=agent -c user.email=agent@example.invalid commit -q -m "attempt $ORBITDOCK_ATTEMPT"
            """;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aRetryContinuesInTheKeptWorktreeWithWhatTheLastAttemptLeft() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION + "\nworkspace: {retention: keep_duration,"
                + " retention_ttl: 1h}", AGENT)) {
            String first = failFirstAttempt(f);
            Path worktree = Path.of(f.store.string("SELECT json_extract(connection_info, '$.path') FROM workspaces"
                    + " WHERE id = ?", first));

            retry(f);

            assertThat(f.git("show", "mission/t-1:found.txt")).isEqualTo("work-1.txt\n");
            assertThat(f.git("show", "mission/t-1:work-1.txt")).isEqualTo("half\n");
            assertThat(f.store.string("SELECT status FROM workspaces WHERE id = ?", first)).isEqualTo("destroyed");
            assertThat(Path.of(f.store.string("SELECT json_extract(connection_info, '$.path') FROM workspaces"
                    + " WHERE id = ?", f.issueNamed("T-1").workspaceId()))).isEqualTo(worktree);
        }
    }

    @Test
    void withoutAKeptWorktreeTheRetryStartsFromTheBase() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, AGENT)) {
            failFirstAttempt(f);

            retry(f);

            assertThat(f.git("show", "mission/t-1:found.txt")).isEqualTo("none\n");
        }
    }

    /** Runs attempt 1 to its failure and waits until its workspace is released; returns that workspace's id. */
    private static String failFirstAttempt(MissionFixture f) throws Exception {
        f.issue("T-1", "Twice", 1);
        f.service.add(f.repo);
        f.tick();
        await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RETRY_QUEUED);
        String first = f.issueNamed("T-1").workspaceId();
        await().atMost(WAIT).until(() -> f.store.count("SELECT count(*) FROM workspaces WHERE id = ? AND (status ="
                + " 'destroyed' OR json_extract(connection_info, '$.retain_until') IS NOT NULL)", first) == 1);
        return first;
    }

    private static void retry(MissionFixture f) {
        f.clock.advance(Duration.ofSeconds(10));
        f.tick();
        await().atMost(WAIT).until(() -> f.stateOf("T-1").isSettled());
        assertThat(f.stateOf("T-1")).as(f.issueNamed("T-1").lastError()).isEqualTo(OrchestrationState.COMPLETED);
        assertThat(f.issueNamed("T-1").attempt()).isEqualTo(2);
    }
}
