package dev.orbitdock.workspace.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.InstanceTiming;
import dev.orbitdock.workspace.ManagedSessionFixture;
import dev.orbitdock.workspace.ProvisioningStep;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.WorkspaceRegistry;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh provider against a real OpenSSH server on loopback, and the managed instance it starts there syncing to
 * a real control plane: provision, run, replicate, destroy — and nothing left behind.
 */
class SshWorkspaceProviderTest {
    private static final InstanceTiming FAST = new InstanceTiming(Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    @TempDir
    Path dir;

    private Sshd sshd;
    private Services control;
    private Server server;
    private SshWorkspaceProvider provider;
    private Path repo;
    private final List<ProvisioningStep> steps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")));
        control = Services.open(new DataDir(dir.resolve("control")), Map.of(), Map.of("bind", "127.0.0.1:0"));
        server = Server.start(control, "test");
        provider = new SshWorkspaceProvider(settings(sshd.knownHosts), FAST);
        repo = ManagedSessionFixture.repo(dir.resolve("repo"));
    }

    @AfterEach
    void tearDown() throws Exception {
        provider.close();
        server.close();
        sshd.close();
    }

    private SshSettings settings(Path knownHosts) {
        return new SshSettings(List.of(sshd.host()), Sshd.user(), sshd.userKey, knownHosts, 2,
                ManagedSessionFixture.ORBITDOCK,
                dir.resolve("remote").toString(), Duration.ofSeconds(10));
    }

    private CreateWorkspaceRequest request(String workspaceId, List<String> setup) {
        return new CreateWorkspaceRequest(workspaceId, repo, "mission/t-1", "main", dir.resolve("unused"), setup,
                Duration.ofSeconds(30), steps::add);
    }

    @Test
    void provisionsRunsAManagedSessionThatReplicatesAndDestroysWithoutLeftovers() throws Exception {
        WorkspaceRegistry.Registration ws = control.workspaces().register("ssh", null);
        Workspace workspace = provider.create(request(ws.workspaceId(), List.of("echo setup-ran > setup.txt")));

        assertThat(steps).filteredOn(s -> s.phase() == ProvisioningStep.Phase.FINISHED)
                .extracting(ProvisioningStep::name).containsExactly("connecting", "cloning", "setup 1/1");
        assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.READY);

        Path prompt = Files.writeString(dir.resolve("prompt.md"), "commit a result");
        AgentHandle handle = provider.startAgent(workspace, ManagedSessionFixture.launch(ws, workspace, prompt,
                "http://127.0.0.1:" + server.port()));
        ManagedSessionFixture.assertReplicated(control, ws, workspace, handle.exit().get(120, TimeUnit.SECONDS));

        provider.destroy(workspace, DestroyMode.GRACEFUL);
        assertThat(Files.exists(workspace.path())).isFalse();
        assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.DESTROYED);
        assertThat(ProcessHandle.of(handle.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void aFailingSetupCommandFailsWithItsOwnWordsAndRemovesTheDirectory() {
        assertThatThrownBy(() -> provider.create(request("od-w-setup", List.of("echo boom >&2; exit 3"))))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.getMessage()).endsWith("boom"));
        assertThat(dir.resolve("remote/od-w-setup")).doesNotExist();
        assertThat(steps).last().satisfies(s -> assertThat(s.phase()).isEqualTo(ProvisioningStep.Phase.FAILED));
    }

    @Test
    void anUnknownHostKeyIsRefusedWithTheCommandThatTrustsIt() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        try (SshWorkspaceProvider strict = new SshWorkspaceProvider(settings(empty), FAST)) {
            assertThatThrownBy(() -> strict.create(request("od-w-hostkey", List.of())))
                    .isInstanceOfSatisfying(WorkspaceException.class, e -> {
                        assertThat(e.code()).isEqualTo("ssh_unknown_host_key");
                        assertThat(e.hint()).contains("ssh-keyscan -p " + sshd.port + " 127.0.0.1");
                    });
        }
    }

    @Test
    void theSmokeTestLogsInRunsOrbitdockThereAndCleansUp() {
        List<dev.orbitdock.workspace.SmokeStep> steps = provider.smokeTest();

        assertThat(steps).extracting(dev.orbitdock.workspace.SmokeStep::ok).containsExactly(true, true, true);
        assertThat(steps.get(1).detail()).startsWith("orbitdock ");
        assertThat(dir.resolve("remote")).isEmptyDirectory();
    }
}
