package dev.orbitdock.workspace.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.workspace.ManagedSessionFixture;
import dev.orbitdock.workspace.RemoteMission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                List.of("connecting", "cloning", "setup 1/1", "starting_agent", "connected"));

        assertThat(dir.resolve("remote").resolve(issue.workspaceId())).doesNotExist();
    }
}
