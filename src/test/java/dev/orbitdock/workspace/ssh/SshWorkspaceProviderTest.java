package dev.orbitdock.workspace.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.common.Json;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.testing.Rows;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
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
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final SshWorkspaceProvider.Timing FAST = new SshWorkspaceProvider.Timing(Duration.ofMillis(200),
            Duration.ofSeconds(5), Duration.ofSeconds(30));

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
        repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README.md"), "hello\n");
        git(repo, "add", "README.md");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first");
    }

    @AfterEach
    void tearDown() throws Exception {
        provider.close();
        server.close();
        sshd.close();
    }

    private SshSettings settings(Path knownHosts) {
        // OrbitDock on the "remote" host is this test's own classpath, run by this JVM's java.
        String orbitdock = JAVA + " -cp " + System.getProperty("java.class.path") + " dev.orbitdock.cli.Main";
        return new SshSettings(List.of(sshd.host()), Sshd.user(), sshd.userKey, knownHosts, 2, orbitdock,
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
        var settings = Json.mapper().createObjectNode().put("run", "echo hello; cat setup.txt; echo done > result.txt;"
                + " git add result.txt; git -c user.name=a -c user.email=a@a commit -qm result; echo committed");
        AgentHandle handle = provider.startAgent(workspace, new AgentLaunch("command", ws.sessionId(),
                ws.workspaceId(), null, workspace.path(), prompt, Map.of(
                "ORBITDOCK_SYNC_TOKEN", ws.token().token(),
                "ORBITDOCK_SYNC_URL", "http://127.0.0.1:" + server.port(),
                "ORBITDOCK_SYNC_GENERATION", "1"), settings));
        AgentExit exit = handle.exit().get(120, TimeUnit.SECONDS);

        String log = Files.readString(workspace.path().resolve("run/managed.log"));
        assertThat(exit.exitCode()).as(log).isZero();
        assertThat(Files.exists(workspace.path().resolve("run/env"))).as("env file removed after start").isFalse();
        assertThat(Rows.query(control.database(), "SELECT end_reason FROM sessions WHERE id = '" + ws.sessionId() + "'"))
                .singleElement().satisfies(row -> assertThat(row.get("end_reason")).isEqualTo("exited with status 0"));
        assertThat(Rows.query(control.database(), "SELECT payload FROM conversation_rows ORDER BY sequence"))
                .extracting(row -> Json.mapper().readTree((String) row.get("payload")).path("text").asText())
                .containsExactly("hello", "setup-ran", "committed");
        assertThat(control.workspaces().require(ws.workspaceId()).sync().outboxDepth()).isZero();

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

    private static void git(Path repo, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(git.waitFor()).as(new String(git.getInputStream().readAllBytes())).isZero();
    }
}
