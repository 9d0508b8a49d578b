package dev.orbitdock.workspace.daytona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.OrchestrationState;
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

/**
 * A mission whose workspaces are Daytona sandboxes (the fake Daytona, which runs the sandbox's commands for real):
 * provisioned, run, replicated, and no sandbox left afterwards.
 */
class DaytonaMissionTest {
    @TempDir
    Path dir;

    private FakeDaytona daytona;
    private Services control;
    private Server server;

    @BeforeEach
    void setUp() throws Exception {
        daytona = new FakeDaytona(Files.createDirectories(dir.resolve("sandboxes")));
        control = Services.open(new DataDir(dir.resolve("control")), Map.of(), Map.of("bind", "127.0.0.1:0"));
        server = Server.start(control, "test");
        Map.of("daytona_api_url", daytona.apiUrl().toString(), "daytona_api_key", FakeDaytona.API_KEY,
                "daytona_image", "ghcr.io/acme/orbitdock:1",
                "daytona_orbitdock_command", ManagedSessionFixture.ORBITDOCK,
                "public_server_url", "http://127.0.0.1:" + server.port())
                .forEach(control.config()::set);
    }

    @AfterEach
    void tearDown() {
        server.close();
        daytona.close();
    }

    @Test
    void anIssueRunsInADaytonaSandboxAndNoSandboxIsLeft() throws Exception {
        control.missions().add(RemoteMission.repo(dir.resolve("repo"), "daytona"));

        RemoteMission.assertCompletedAndCleanedUp(control, List.of("creating", "cloning", "setup 1/1",
                "starting_agent", "connected"));

        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void aWrongApiKeyFailsTheIssueWithDaytonasOwnWordsAndLeavesNothing() throws Exception {
        control.config().set("daytona_api_key", "dtn_wrong");
        control.missions().add(RemoteMission.repo(dir.resolve("repo"), "daytona"));

        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> issue().state().isSettled());
        MissionIssue issue = issue();
        assertThat(issue.state()).isEqualTo(OrchestrationState.FAILED);
        assertThat(issue.lastError()).contains("HTTP 401").endsWith("Invalid API key");
        // The issue fails first; the clean-up of what was made follows it.
        await().atMost(Duration.ofMinutes(1)).until(() ->
                control.workspaces().require(issue.workspaceId()).status().equals("destroyed"));
        assertThat(control.workspaces().require(issue.workspaceId())).satisfies(workspace -> {
            assertThat(workspace.status()).isEqualTo("destroyed");
            assertThat(workspace.lastError()).isEqualTo(issue.lastError());
        });
        assertThat(daytona.liveSandboxes()).isZero();
    }

    private MissionIssue issue() {
        return control.missions().issues(control.missions().list().getFirst().id()).getFirst();
    }
}
