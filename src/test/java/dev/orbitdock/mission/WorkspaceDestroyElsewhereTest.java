package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.testing.MissionRepos;
import dev.orbitdock.workspace.WorkspaceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orbitdock workspace destroy} beside a running server: the CLI only marks the row destroyed, revokes its
 * token and triggers the mission, as another process does; the server's orchestrator finishes the destroy on its
 * next tick as the API's destroy would (run stopped, issue failed for good, worktree removed, tracker told). With
 * no server running, the CLI's own orchestrator does it all, even to the agent a crashed server left running.
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
        try (MissionFixture f = pidRecordingAgent()) {
            long pid = runningAgent(f, f.orchestrator::start);
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

    @Test
    void withNoServerTheCliStopsTheAgentACrashedServerLeftAndRemovesItsWorktree() throws Exception {
        try (MissionFixture f = pidRecordingAgent()) {
            // the server that dispatched it is never ticked again: as good as gone
            long pid = runningAgent(f, () -> f.tick());
            MissionIssue issue = f.issueNamed("T-1");
            Path worktree = Path.of(workspace(f, issue, "json_extract(connection_info, '$.path')"));
            MissionOrchestrator cli = f.track(new MissionOrchestrator(new MissionOrchestrator.Deps(f.queries,
                    f.store.writer(), f.clock, IdGenerator.random(), f.trackers(),
                    ProviderLookup.of(Map.of(WorkspaceKind.LOCAL, f.localProvider())), dir.resolve("data"),
                    new RemoteSettings(RemoteOrchestrators.registry(f), () -> "local", () -> null, Map::of,
                            () -> RemoteOrchestrators.CONNECT_TIMEOUT))));

            DestroyOutcome outcome = cli.destroyWorkspace(issue.workspaceId(), DestroyOrigin.CLI);

            assertThat(outcome.stoppedIssue()).isEqualTo("T-1");
            assertThat(outcome.viaProvider()).isTrue();
            assertThat(outcome.removed()).isTrue();
            assertThat(outcome.workspace().status()).isEqualTo("destroyed");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(worktree).doesNotExist();
            assertThat(f.issueNamed("T-1").lastError()).isEqualTo("workspace destroyed from the CLI");
            assertThat(f.trackerComments("T-1")).containsOnlyOnce("its workspace was destroyed from the CLI");
        }
    }

    /** What {@code orbitdock workspace destroy} does beside a running server, through its own registry. */
    private static void destroyOutOfProcess(MissionFixture f, MissionIssue issue) {
        RemoteOrchestrators.registry(f).destroy(issue.workspaceId());
        triggerAndWait(f);
    }

    private MissionFixture pidRecordingAgent() throws IOException {
        return new MissionFixture(dir, MISSION, "echo $$ > \"" + dir.resolve("agent.pid") + "\"; sleep 600\n");
    }

    /**
     * Issue T-1 dispatched by {@code dispatch} once the mission is added, and its agent running, with its pid on
     * the workspace row.
     *
     * @return the agent's pid
     */
    private long runningAgent(MissionFixture f, Runnable dispatch) throws IOException {
        f.issue("T-1", "Doomed", 1);
        f.service.add(f.repo);
        dispatch.run();
        await().atMost(WAIT).ignoreExceptions().until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING
                && Files.exists(dir.resolve("agent.pid"))
                && f.store.string("SELECT json_extract(connection_info, '$.pid') FROM workspaces") != null);
        return Long.parseLong(Files.readString(dir.resolve("agent.pid")).strip());
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
