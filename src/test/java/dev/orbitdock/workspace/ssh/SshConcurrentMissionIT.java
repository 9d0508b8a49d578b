package dev.orbitdock.workspace.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.app.Services;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.testing.Rows;
import dev.orbitdock.workspace.ControlPlane;
import dev.orbitdock.workspace.RemoteMission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty issues on twenty ssh workspaces of one host (a real OpenSSH server on loopback) at once: each agent waits
 * at a barrier until all twenty run, so they provably overlap; all complete, and afterwards the host holds no
 * workspace directory and no process of any of them.
 */
class SshConcurrentMissionIT {
    private static final int WORKSPACES = 20;
    private static final String MISSION = """
            ---
            tracker: {kind: local, directory: .orbitdock/issues}
            provider: {max_concurrent: %1$d}
            orchestration: {max_retries: 0, stall_timeout: 10m, base_branch: main}
            agent: {kind: command, command: {run: '%2$s', timeout: 10m}}
            workspace: {provider: ssh}
            ---
            Work on {{ issue.identifier }}.
            """;
    /** Checks in under its workspace's id, then waits (5 min at most) until all have; fails if they never did. */
    private static final String BARRIER_AGENT = "touch %1$s/$(basename \"$(dirname \"$PWD\")\"); n=0;"
            + " until [ \"$(ls %1$s | wc -l)\" -ge %2$d ] || [ $n -ge 1500 ]; do sleep 0.2; n=$((n+1)); done;"
            + " test \"$(ls %1$s | wc -l)\" -ge %2$d";

    @TempDir
    Path dir;

    @Test
    void twentyWorkspacesRunAtOnceAndLeaveNothingBehind() throws Exception {
        Path remoteRoot = Files.createDirectories(dir.resolve("remote"));
        Path barrier = Files.createDirectories(dir.resolve("barrier"));
        Map<String, String> settings = new HashMap<>();
        try (Sshd sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")))) {
            settings.putAll(sshd.settings(remoteRoot));
            settings.put("ssh_max_workspaces_per_host", Integer.toString(WORKSPACES));
            try (ControlPlane plane = ControlPlane.start(dir.resolve("control"), settings)) {
                Services control = plane.services();
                Path repo = RemoteMission.repo(dir.resolve("repo"), "ssh");
                Files.writeString(repo.resolve("MISSION.md"), MISSION.formatted(WORKSPACES,
                        BARRIER_AGENT.formatted(barrier, WORKSPACES)));
                for (int i = 2; i <= WORKSPACES; i++) {
                    Files.writeString(repo.resolve(".orbitdock/issues/T-" + i + ".md"), "---\nidentifier: T-" + i
                            + "\ntitle: Issue " + i + "\nstate: Todo\npriority: 1\n---\nDo it.\n");
                }
                control.missions().add(repo);
                String missionId = control.missions().list().getFirst().id();

                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        control.missions().issues(missionId).stream().filter(i -> i.state().isSettled()).count()
                                == WORKSPACES);
                List<MissionIssue> issues = control.missions().issues(missionId);
                assertThat(issues).hasSize(WORKSPACES).allSatisfy(issue -> assertThat(issue.state())
                        .as(issue.identifier() + ": " + issue.lastError()).isEqualTo(OrchestrationState.COMPLETED));
                await().atMost(Duration.ofMinutes(3)).until(() -> Rows.count(control.database(),
                        "SELECT count(*) FROM workspaces WHERE status = 'destroyed'") == WORKSPACES);
                assertThat(Rows.count(control.database(), "SELECT count(*) FROM auth_tokens WHERE revoked_at IS NOT"
                        + " NULL AND id IN (SELECT sync_token FROM workspaces)")).isEqualTo(WORKSPACES);
                try (var ran = Files.list(barrier)) {
                    assertThat(ran).hasSize(WORKSPACES);
                }
            }
            try (var left = Files.list(remoteRoot)) {
                assertThat(left).isEmpty();
            }
            RemoteMission.assertNoProcessMentioning(remoteRoot.toString());
        }
    }
}
