package dev.orbitdock.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.app.Services;
import dev.orbitdock.common.Json;
import dev.orbitdock.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the remote providers' end-to-end tests share: OrbitDock "installed" on the remote machine (this test's own
 * classpath), a one-commit repo to clone, a command agent that commits, and the proof that its session replicated.
 */
public final class ManagedSessionFixture {
    /** OrbitDock on the "remote" machine: this JVM's java running this test's classpath. */
    public static final String ORBITDOCK = ProcessHandle.current().info().command().orElse("java") + " -cp "
            + System.getProperty("java.class.path") + " dev.orbitdock.cli.Main";

    private ManagedSessionFixture() {}

    /** A repo on {@code main} with one commit. */
    public static Path repo(Path dir) throws Exception {
        Path repo = Files.createDirectories(dir);
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README.md"), "hello\n");
        git(repo, "add", "README.md");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first");
        return repo;
    }

    /** A command agent that prints, reads the setup's file, commits a result; it syncs to {@code syncUrl}. */
    public static AgentLaunch launch(WorkspaceRegistry.Registration ws, Workspace workspace, Path prompt,
                                     String syncUrl) {
        var settings = Json.mapper().createObjectNode().put("run", "echo hello; cat setup.txt; echo done > result.txt;"
                + " git add result.txt; git -c user.name=a -c user.email=a@a commit -qm result; echo committed");
        return new AgentLaunch("command", ws.sessionId(), ws.workspaceId(), null, workspace.path(), prompt, Map.of(
                "ORBITDOCK_SYNC_TOKEN", ws.token().token(),
                "ORBITDOCK_SYNC_URL", syncUrl,
                "ORBITDOCK_SYNC_GENERATION", "1"), settings);
    }

    /** The instance exited 0, removed its env file, and its whole session reached the control plane. */
    public static void assertReplicated(Services control, WorkspaceRegistry.Registration ws, Workspace workspace,
                                        AgentExit exit) throws Exception {
        String log = Files.readString(workspace.path().resolve("run/managed.log"));
        assertThat(exit.exitCode()).as(log).isZero();
        assertThat(workspace.path().resolve("run/env")).as("env file removed after start").doesNotExist();
        assertThat(Rows.query(control.database(), "SELECT end_reason FROM sessions WHERE id = '" + ws.sessionId()
                + "'")).singleElement()
                .satisfies(row -> assertThat(row.get("end_reason")).isEqualTo("exited with status 0"));
        assertThat(Rows.query(control.database(), "SELECT payload FROM conversation_rows ORDER BY sequence"))
                .extracting(row -> Json.mapper().readTree((String) row.get("payload")).path("text").asText())
                .containsExactly("hello", "setup-ran", "committed");
        assertThat(control.workspaces().require(ws.workspaceId()).sync().outboxDepth()).isZero();
    }

    /** Runs git in {@code repo}; a failure fails the test with git's output. */
    static void git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(git.waitFor()).as(new String(git.getInputStream().readAllBytes())).isZero();
    }
}
