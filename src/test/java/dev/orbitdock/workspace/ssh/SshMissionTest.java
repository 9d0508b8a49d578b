package dev.orbitdock.workspace.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.app.Services;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.testing.AgentClis;
import dev.orbitdock.testing.ModelStep;
import dev.orbitdock.testing.ScriptedModelServer;
import dev.orbitdock.workspace.ControlPlane;
import dev.orbitdock.workspace.PrivateRepoServer;
import dev.orbitdock.workspace.RemoteMission;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mission whose workspaces are on an ssh host (a real OpenSSH server on loopback): the control plane provisions
 * the workspace, starts the managed instance there, learns the outcome from the replicated session, and destroys
 * the workspace and revokes its token afterwards. Bad input fails the issue with the real cause in
 * {@code last_error} and the tracker's comment, and leaves nothing on the host: no directory, no process.
 */
class SshMissionTest {
    @TempDir
    Path dir;

    private Sshd sshd;
    private ControlPlane plane;
    private Services control;
    private Path remoteRoot;

    @BeforeEach
    void setUp() throws Exception {
        sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")));
        remoteRoot = Files.createDirectories(dir.resolve("remote"));
        plane = ControlPlane.start(dir.resolve("control"), sshd.settings(remoteRoot));
        control = plane.services();
    }

    @AfterEach
    void tearDown() throws Exception {
        plane.close();
        sshd.close();
    }

    @Test
    void anIssueRunsOnTheSshWorkspaceAndTheWorkspaceIsDestroyedAfterwards() throws Exception {
        control.missions().add(RemoteMission.repo(dir.resolve("repo"), "ssh"));

        MissionIssue issue = RemoteMission.assertCompletedAndCleanedUp(control,
                List.of("creating", "cloning", "setup 1/1", "starting_agent", "connected"));

        assertNothingLeft(issue);
    }

    @Test
    void anUnreachableHostFailsTheIssueSayingWhichAndWhy() throws Exception {
        control.config().set("ssh_hosts", "127.0.0.1:" + closedPort());
        Path repo = RemoteMission.repo(dir.resolve("repo"), "ssh");
        control.missions().add(repo);

        MissionIssue issue = RemoteMission.assertFailedAndCleanedUp(control, repo);

        assertThat(issue.lastError()).startsWith("Cannot reach 127.0.0.1:").endsWith(": connection refused");
        assertNothingLeft(issue);
    }

    @Test
    void aFailingSetupCommandFailsTheIssueWithItsStderr() throws Exception {
        Path repo = RemoteMission.repoWithSetup(dir.resolve("repo"), "ssh", "echo python3.99: not found >&2; exit 7");
        control.missions().add(repo);

        MissionIssue issue = RemoteMission.assertFailedAndCleanedUp(control, repo);

        assertThat(issue.lastError()).isEqualTo("on " + sshd.host() + ": python3.99: not found");
        assertThat(control.missions().provisioning(issue)).last()
                .satisfies(step -> assertThat(step.name() + " " + step.status()).isEqualTo("setup 1/1 failed"));
        assertNothingLeft(issue);
    }

    @Test
    void aPrivateRepoWithoutCredentialsFailsWithGitsOwnWords() throws Exception {
        try (PrivateRepoServer git = new PrivateRepoServer()) {
            Path repo = RemoteMission.repo(dir.resolve("repo"), "ssh");
            RemoteMission.originAt(repo, git.repoUrl());
            control.missions().add(repo);

            MissionIssue issue = RemoteMission.assertFailedAndCleanedUp(control, repo);

            assertThat(issue.lastError()).isEqualTo("on " + sshd.host() + ": fatal: could not read Username for '"
                    + git.repoUrl().replace("/acme/private.git", "") + "': terminal prompts disabled");
            assertNothingLeft(issue);
        }
    }

    @Test
    void aSyncUrlTheWorkspaceCannotReachFailsTheIssueWithTheInstancesLog() throws Exception {
        String unreachable = "http://127.0.0.1:" + closedPort();
        control.config().set("public_server_url", unreachable);
        control.config().set("workspace_connect_timeout", "20s");
        Path repo = RemoteMission.repo(dir.resolve("repo"), "ssh");
        control.missions().add(repo);

        MissionIssue issue = RemoteMission.assertFailedAndCleanedUp(control, repo);

        assertThat(issue.lastError()).contains("reach the sync URL " + unreachable)
                .contains("the managed instance's log ends with:\n")
                .contains("replicating to " + unreachable);
        assertThat(control.missions().provisioning(issue)).last()
                .satisfies(step -> assertThat(step.name() + " " + step.status()).isEqualTo("connected failed"));
        assertNothingLeft(issue);
    }

    private void assertNothingLeft(MissionIssue issue) throws Exception {
        try (var left = Files.list(remoteRoot)) {
            assertThat(left).isEmpty();
        }
        RemoteMission.assertNoProcessMentioning(issue.workspaceId());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex"})
    void theAgentOnTheSshWorkspaceCallsTheMissionToolsOfTheControlPlane(String kind) throws Exception {
        String pr = "https://github.com/acme/shop/pull/7";
        List<ModelStep> script = AgentClis.mcpScript(kind,
                new ModelStep.Tool("mcp__orbitdock__post_comment", "{\"body\":\"## Workpad\\n- ran over ssh\"}"),
                new ModelStep.Tool("mcp__orbitdock__link_pr", "{\"url\":\"" + pr + "\"}"),
                new ModelStep.Text("Done."));
        try (ScriptedModelServer model = new ScriptedModelServer(script)) {
            Path repo = RemoteMission.repo(dir.resolve("repo"), "ssh",
                    AgentClis.missionAgent(kind, model, dir.resolve("home")));
            control.missions().add(repo);

            await().atMost(Duration.ofMinutes(5)).ignoreExceptions().until(() -> issue().state().isSettled());
            MissionIssue issue = issue();
            assertThat(issue.state()).as(issue.lastError()).isEqualTo(OrchestrationState.COMPLETED);
            assertThat(issue.prUrl()).isEqualTo(pr);
            assertThat(Files.readString(repo.resolve(".orbitdock/issues/.comments/T-1.md")))
                    .contains("## Workpad").contains("- ran over ssh").contains(pr);
            // The issue's token dies with the run, on the control plane that issued it.
            await().atMost(Duration.ofMinutes(1)).until(() -> control.tokens().list().stream()
                    .filter(t -> t.scope() instanceof TokenScope.Issue).allMatch(t -> t.revokedAt() != null));
            assertThat(control.tokens().list()).filteredOn(t -> t.scope() instanceof TokenScope.Issue).hasSize(1);
            // What the CLI sent back to the model: the tools' answers, not errors.
            assertThat(model.requests().getLast().body().toString()).contains(pr)
                    .doesNotContain("is_error\":true");
        }
    }

    private MissionIssue issue() {
        return control.missions().issues(control.missions().list().getFirst().id()).getFirst();
    }
}
