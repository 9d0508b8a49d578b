package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.auth.TokenService;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.testing.MissionRepos;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orbitdock workspace destroy} beside a running server: the CLI only marks the row destroyed, revokes its
 * token and triggers the mission, as another process does; the server's orchestrator finishes the destroy on its
 * next tick as the API's destroy would (run stopped, issue failed for good, worktree removed, tracker told).
 */
class WorkspaceDestroyElsewhereTest {
    private static final String MISSION = """
            tracker: {kind: local, directory: .orbitdock/issues}
            orchestration: {max_retries: 1, max_backoff: 1m, stall_timeout: 5m, base_branch: main, \
            state_on_failure: Failed}
            agent: {kind: command, command: {run: sh agent.sh, timeout: 2m}}""";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aRunningLocalAgentIsStoppedByTheServerAfterItsRowIsDestroyedOutOfProcess() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "echo $$ > \"" + dir.resolve("agent.pid")
                + "\"; sleep 600\n")) {
            f.issue("T-1", "Doomed", 1);
            f.orchestrator.start();
            f.service.add(f.repo);
            await().atMost(WAIT).ignoreExceptions().until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING
                    && Files.exists(dir.resolve("agent.pid")));
            long pid = Long.parseLong(Files.readString(dir.resolve("agent.pid")).strip());
            MissionIssue issue = f.issueNamed("T-1");
            Path worktree = Path.of(workspace(f, issue, "json_extract(connection_info, '$.path')"));

            destroyOutOfProcess(f, issue);

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED
                    && f.orchestrator.runningAgents() == 0 && !Files.exists(worktree)
                    && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThat(f.issueNamed("T-1").lastError()).isEqualTo("workspace destroyed from the CLI");
            assertThat(f.issueNamed("T-1").attempt()).isEqualTo(1);
            assertThat(workspace(f, issue, "status")).isEqualTo("destroyed");
            assertThat(f.trackerFile("T-1")).contains("state: Failed");
            assertThat(f.trackerComments("T-1")).containsOnlyOnce("its workspace was destroyed from the CLI");

            triggerAndWait(f); // already finished: nothing happens twice, and nothing brings it back on its own
            assertThat(f.trackerComments("T-1")).containsOnlyOnce("was stopped");
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.FAILED);
        }
    }

    @Test
    void aLaunchUnderWayStopsBeforeItsNextStepWhenItsRowIsDestroyedOutOfProcess() throws Exception {
        Path release = dir.resolve("release");
        String slowSetup = "\nworkspace: {setup_commands: ['while [ ! -f \"" + release + "\" ]; do sleep 0.05; done']}";
        try (MissionFixture f = new MissionFixture(dir, MISSION + slowSetup, "sleep 600\n")) {
            f.issue("T-1", "Early", 1);
            f.orchestrator.start();
            f.service.add(f.repo);
            await().atMost(WAIT).ignoreExceptions().until(() -> f.stateOf("T-1") == OrchestrationState.PROVISIONING
                    && f.service.provisioning(f.issueNamed("T-1")).stream().anyMatch(s -> s.name().equals("setup 1/1")));
            MissionIssue issue = f.issueNamed("T-1");

            destroyOutOfProcess(f, issue);
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED);
            Files.createFile(release);

            Path worktrees = dir.resolve("data/worktrees").resolve(f.mission().id());
            await().atMost(WAIT).until(() -> MissionRepos.emptyOrMissing(worktrees));
            assertThat(f.issueNamed("T-1").lastError()).isEqualTo("workspace destroyed from the CLI");
            assertThat(f.orchestrator.runningAgents()).isZero();
            assertThat(workspace(f, issue, "status")).isEqualTo("destroyed");
            assertThat(workspace(f, issue, "ready_at")).isNull();
            assertThat(f.service.provisioning(issue)).noneMatch(s -> s.name().equals("starting_agent"));
            assertThat(f.trackerFile("T-1")).contains("state: Failed").doesNotContain("In Progress");
            assertThat(f.trackerComments("T-1")).containsOnlyOnce("its workspace was destroyed from the CLI");
        }
    }

    /** What {@code orbitdock workspace destroy} does beside a running server, through its own registry. */
    private static void destroyOutOfProcess(MissionFixture f, MissionIssue issue) {
        TokenService tokens = new TokenService(f.store.database(), f.store.writer(), f.clock, new SecureRandom());
        new WorkspaceRegistry(f.store.database(), f.store.writer(), tokens, f.clock, IdGenerator.random())
                .destroy(issue.workspaceId());
        triggerAndWait(f);
    }

    /** A trigger later than the last poll (the fixture's clock stands still otherwise), then its tick. */
    private static void triggerAndWait(MissionFixture f) {
        f.clock.advance(Duration.ofSeconds(1));
        f.service.trigger(f.mission().id());
        await().atMost(WAIT).until(() -> !f.mission().triggerPending());
    }

    private static String workspace(MissionFixture f, MissionIssue issue, String column) {
        return f.store.string("SELECT " + column + " FROM workspaces WHERE id = ?", issue.workspaceId());
    }
}
