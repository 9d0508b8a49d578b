package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MissionOrchestratorTest {
    private static final String MISSION = """
            tracker: {kind: local, directory: .orbitdock/issues}
            provider: {max_concurrent: 2}
            orchestration: {max_retries: 1, max_backoff: 1m, stall_timeout: 5m, base_branch: main}
            agent: {kind: command, command: {run: sh agent.sh, timeout: 2m}}""";
    private static final String COMMITTING_AGENT = """
            set -e
            echo "working on $ORBITDOCK_ISSUE_IDENTIFIER attempt $ORBITDOCK_ATTEMPT"
            if [ -f "fail-$ORBITDOCK_ISSUE_IDENTIFIER-$ORBITDOCK_ATTEMPT" ]; then echo broken >&2; exit 4; fi
            cp "$ORBITDOCK_PROMPT_FILE" "done-$ORBITDOCK_ISSUE_IDENTIFIER.md"
            git add "done-$ORBITDOCK_ISSUE_IDENTIFIER.md"
            git -c user.name=agent -c user.email=agent@example.invalid commit -q -m "$ORBITDOCK_ISSUE_IDENTIFIER done"
            """;
    /** Attempt 1 leaves uncommitted work and fails; attempt 2 commits whatever attempt 1 left. */
    private static final String CONTINUING_AGENT = """
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
    void dispatchesEachIssueToItsOwnWorktreeAndCompletesIt() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, COMMITTING_AGENT)) {
            f.issue("T-1", "First thing", 2);
            f.issue("T-2", "Second thing", 1);
            f.service.add(f.repo);

            f.tick();

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.COMPLETED
                    && f.stateOf("T-2") == OrchestrationState.COMPLETED);
            assertThat(f.git("log", "--oneline", "mission/t-1")).contains("T-1 done");
            assertThat(f.git("show", "mission/t-2:done-T-2.md")).contains("Work on T-2 (Second thing), attempt 1.");
            assertThat(f.trackerFile("T-1")).contains("state: Done");
            assertThat(f.issueNamed("T-1").attempt()).isEqualTo(1);
            assertThat(f.store.count("SELECT count(*) FROM conversation_rows WHERE session_id = ?",
                    f.issueNamed("T-1").sessionId())).isGreaterThanOrEqualTo(1);
            await().atMost(WAIT).until(() -> f.store.count(
                    "SELECT count(*) FROM workspaces WHERE status = 'destroyed'") == 2);
        }
    }

    @Test
    void aFailedAttemptIsRetriedAfterBackoffWithTheNextAttemptNumber() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, COMMITTING_AGENT)) {
            f.issue("T-1", "Flaky", 1);
            Files.writeString(f.repo.resolve("fail-T-1-1"), "");
            f.git("add", ".");
            f.git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "flaky");
            f.service.add(f.repo);

            f.tick();
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RETRY_QUEUED);
            MissionIssue waiting = f.issueNamed("T-1");
            assertThat(waiting.lastError()).contains("exited with status 4");
            assertThat(waiting.retryDueAt()).isEqualTo(f.clock.instant().plusSeconds(10));

            f.tick(); // not due yet
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.RETRY_QUEUED);
            f.clock.advance(Duration.ofSeconds(10));
            f.tick();

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.COMPLETED);
            assertThat(f.issueNamed("T-1").attempt()).isEqualTo(2);
            assertThat(f.git("show", "mission/t-1:done-T-1.md")).contains("attempt 2");
        }
    }

    @Test
    void withoutAttemptsLeftAFailureIsFinal() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION.replace("max_retries: 1", "max_retries: 0"),
                "echo nope >&2; exit 2\n")) {
            f.issue("T-1", "Doomed", 1);
            f.service.add(f.repo);

            f.tick();

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError()).contains("exited with status 2");
            assertThat(Files.readString(f.repo.resolve(".orbitdock/issues/.comments/T-1.md")))
                    .contains("no attempts left");
        }
    }

    @Test
    void neverRunsMoreThanMaxConcurrentAtOnce() throws Exception {
        String blocking = "while [ ! -f \"" + dir.resolve("release") + "\" ]; do sleep 0.05; done\n";
        try (MissionFixture f = new MissionFixture(dir, MISSION.replace("max_concurrent: 2", "max_concurrent: 1"),
                blocking)) {
            f.issue("T-1", "One", 1);
            f.issue("T-2", "Two", 2);
            f.service.add(f.repo);

            f.tick();
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING);
            f.tick();

            assertThat(f.stateOf("T-2")).isEqualTo(OrchestrationState.QUEUED);
            Files.writeString(dir.resolve("release"), "");
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.COMPLETED);
            f.tick();
            await().atMost(WAIT).until(() -> f.stateOf("T-2") == OrchestrationState.COMPLETED);
        }
    }

    @Test
    void eachDispatchRunsTheAgentTheProviderStrategyChose() throws Exception {
        String priority = MISSION.replace("provider: {max_concurrent: 2}", "provider: {strategy: priority,"
                + " primary: command, secondary: codex, max_concurrent: 2, max_concurrent_primary: 1}")
                .replace("max_retries: 1", "max_retries: 0")
                .replace("agent: {kind: command,", "agent: {kind: command, codex: {executable: ./no-codex-here},");
        try (MissionFixture f = new MissionFixture(dir, priority, COMMITTING_AGENT)) {
            f.issue("T-1", "On the primary", 1);
            f.issue("T-2", "On the secondary", 2);
            f.service.add(f.repo);

            f.tick();

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.COMPLETED
                    && f.stateOf("T-2") == OrchestrationState.FAILED);
            assertThat(f.store.string("SELECT provider FROM sessions WHERE id = ?", f.issueNamed("T-1").sessionId()))
                    .isEqualTo("command");
            assertThat(f.issueNamed("T-2").lastError()).as("the secondary ran: codex, whose executable is missing")
                    .contains("codex CLI not found");
        }
    }

    @Test
    void aSilentAgentIsStalledKilledAndRetried() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "echo started; sleep 600\n")) {
            f.issue("T-1", "Sleepy", 1);
            f.service.add(f.repo);
            f.tick();
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING);
            await().atMost(WAIT).until(() -> f.orchestrator.runningAgents() == 1);

            f.clock.advance(Duration.ofMinutes(6));
            f.tick();

            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.RETRY_QUEUED);
            assertThat(f.issueNamed("T-1").lastError()).startsWith("stalled: no agent progress");
            await().atMost(WAIT).until(() -> f.orchestrator.runningAgents() == 0);
        }
    }

    @Test
    void issuesClosedInTheTrackerAreCompletedWithoutRunning() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, COMMITTING_AGENT)) {
            f.issue("T-1", "Later", 1);
            f.service.add(f.repo);
            f.service.setPaused(f.mission().id(), true);
            f.tick();
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.QUEUED);

            Files.writeString(f.repo.resolve(".orbitdock/issues/T-1.md"),
                    f.trackerFile("T-1").replace("state: Todo", "state: Done"));
            f.tick();

            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.COMPLETED);
            assertThat(f.issueNamed("T-1").attempt()).isZero();
        }
    }

    @Test
    void aRestartFailsOrphanedRunsInsteadOfLeavingThemClaimed() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "sleep 600\n")) {
            f.issue("T-1", "Orphan", 1);
            f.service.add(f.repo);
            f.tick();
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING);
            f.orchestrator.close(); // as on shutdown: agents are stopped, the row still says running

            MissionOrchestrator restarted = f.newOrchestrator();
            restarted.start();

            await().atMost(WAIT).until(() -> f.stateOf("T-1") != OrchestrationState.RUNNING);
            assertThat(f.issueNamed("T-1").lastError()).contains("OrbitDock restarted");
        }
    }

    @Test
    void anInvalidMissionFileIsRecordedAndNothingIsDispatched() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION + "\norchestration_typo: 1", COMMITTING_AGENT)) {
            f.issue("T-1", "Never", 1);
            MissionRecord mission = f.service.add(f.repo);

            f.tick();

            assertThat(mission.parseError()).contains("MISSION.md:").contains("orchestration_typo");
            assertThat(f.queries.issues(mission.id())).isEmpty();
        }
    }

    @Test
    void aRepoThatIsNotGitFailsTheIssueWithTheRealCause() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION.replace("max_retries: 1", "max_retries: 0"),
                COMMITTING_AGENT)) {
            f.issue("T-1", "Nowhere", 1);
            f.service.add(f.repo);
            deleteRecursively(f.repo.resolve(".git"));

            f.tick();

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError()).containsIgnoringCase("git");
            assertThat(f.queries.issues(f.mission().id())).noneMatch(i -> i.state() == OrchestrationState.CLAIMED);
        }
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        try (var files = Files.walk(path)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void afterACrashTheOrphanedAgentIsStoppedAndItsWorktreeRemovedBeforeTheRetry() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "echo $$ > \"" + dir.resolve("agent.pid")
                + "\"; sleep 600\n")) {
            f.issue("T-1", "Orphan", 1);
            f.service.add(f.repo);
            f.tick();
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING
                    && Files.exists(dir.resolve("agent.pid")));
            long pid = Long.parseLong(Files.readString(dir.resolve("agent.pid")).strip());
            Path worktree = Path.of(f.store.string("SELECT json_extract(connection_info, '$.path') FROM workspaces"));

            MissionOrchestrator afterCrash = f.newOrchestrator(); // the first one is never closed: a crash
            afterCrash.start();

            await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RETRY_QUEUED);
            assertThat(worktree).doesNotExist();
            assertThat(f.store.count("SELECT count(*) FROM workspaces WHERE status = 'destroyed'")).isEqualTo(1);
        }
    }

    @Test
    void keptWorkspacesAreRemovedOnceTheirRetentionHasPassed() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION + "\nworkspace: {retention: keep_duration, retention_ttl: 1h}",
                COMMITTING_AGENT)) {
            f.issue("T-1", "Keep me", 1);
            f.service.add(f.repo);
            f.tick();
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.COMPLETED);
            await().atMost(WAIT).until(() -> f.store.string(
                    "SELECT json_extract(connection_info, '$.retain_until') FROM workspaces") != null);
            Path worktree = Path.of(f.store.string("SELECT json_extract(connection_info, '$.path') FROM workspaces"));

            f.tick();
            assertThat(worktree).isDirectory();
            f.clock.advance(Duration.ofMinutes(61));
            f.tick();

            assertThat(worktree).doesNotExist();
            assertThat(f.store.string("SELECT status FROM workspaces")).isEqualTo("destroyed");
            assertThat(f.git("log", "--oneline", "mission/t-1")).contains("T-1 done");
        }
    }

    @Test
    void anUnreadableTrackerGivesTheClaimBackWithoutCostingAnAttempt() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION.replace("max_retries: 1", "max_retries: 0"),
                COMMITTING_AGENT)) {
            f.issue("T-1", "Patient", 1);
            f.service.add(f.repo);
            f.service.setPaused(f.mission().id(), true);
            f.tick();
            f.service.setPaused(f.mission().id(), false);
            Path issues = f.repo.resolve(".orbitdock/issues");
            Files.move(issues, dir.resolve("issues-away")); // the tracker cannot answer for T-1 now

            f.tick();
            await().atMost(WAIT).until(() -> f.issueNamed("T-1").lastError() != null);
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.QUEUED);
            assertThat(f.issueNamed("T-1").attempt()).isZero();

            Files.move(dir.resolve("issues-away"), issues);
            f.tick();
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.COMPLETED);
            assertThat(f.issueNamed("T-1").attempt()).isEqualTo(1);
        }
    }

    @Test
    void aManualRetryStartsAFreshBudgetOfAttempts() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION.replace("max_retries: 1", "max_retries: 0"),
                "exit 1\n")) {
            f.issue("T-1", "Stubborn", 1);
            f.service.add(f.repo);
            f.tick();
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED);

            MissionIssue requeued = f.service.transition(f.issueNamed("T-1").id(), OrchestrationState.QUEUED);

            assertThat(requeued.attempt()).isZero();
            f.tick();
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").attempt()).isEqualTo(1);
        }
    }

    @Test
    void aRetryContinuesInTheKeptWorktreeWithWhatTheLastAttemptLeft() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION + "\nworkspace: {retention: keep_duration,"
                + " retention_ttl: 1h}", CONTINUING_AGENT)) {
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
        try (MissionFixture f = new MissionFixture(dir, MISSION, CONTINUING_AGENT)) {
            failFirstAttempt(f);

            retry(f);

            assertThat(f.git("show", "mission/t-1:found.txt")).isEqualTo("none\n");
        }
    }

    /** Runs attempt 1 of T-1 to its failure and waits until its workspace is released; returns that workspace's id. */
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
