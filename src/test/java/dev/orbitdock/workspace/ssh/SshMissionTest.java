package dev.orbitdock.workspace.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.testing.AgentClis;
import dev.orbitdock.testing.ModelStep;
import dev.orbitdock.testing.ScriptedModelServer;
import dev.orbitdock.workspace.ManagedSessionFixture;
import dev.orbitdock.workspace.RemoteMission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mission whose workspaces are on an ssh host (a real OpenSSH server on loopback): the control plane provisions
 * the workspace, starts the managed instance there, learns the outcome from the replicated session, and destroys
 * the workspace and revokes its token afterwards.
 */
class SshMissionTest {
    @TempDir
    Path dir;

    private Sshd sshd;
    private Services control;
    private Server server;

    @BeforeEach
    void setUp() throws Exception {
        sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")));
        control = Services.open(new DataDir(dir.resolve("control")), Map.of(), Map.of("bind", "127.0.0.1:0"));
        server = Server.start(control, "test");
        Map.of("ssh_hosts", sshd.host().toString(), "ssh_user", Sshd.user(),
                "ssh_key_path", sshd.userKey.toString(), "ssh_known_hosts", sshd.knownHosts.toString(),
                "ssh_orbitdock_command", ManagedSessionFixture.ORBITDOCK,
                "ssh_workspace_root", dir.resolve("remote").toString(),
                "public_server_url", "http://127.0.0.1:" + server.port())
                .forEach(control.config()::set);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        sshd.close();
    }

    @Test
    void anIssueRunsOnTheSshWorkspaceAndTheWorkspaceIsDestroyedAfterwards() throws Exception {
        control.missions().add(RemoteMission.repo(dir.resolve("repo"), "ssh"));

        MissionIssue issue = RemoteMission.assertCompletedAndCleanedUp(control,
                List.of("creating", "cloning", "setup 1/1", "starting_agent"));

        assertThat(dir.resolve("remote").resolve(issue.workspaceId())).doesNotExist();
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
