package dev.orbitdock.workspace.daytona;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.app.Services;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.workspace.ControlPlane;
import dev.orbitdock.workspace.ManagedSessionFixture;
import dev.orbitdock.workspace.PrivateRepoServer;
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
 * A mission whose workspaces are Daytona sandboxes (the fake Daytona, which runs the sandbox's commands for real):
 * provisioned, run, replicated, and no sandbox left afterwards.
 */
class DaytonaMissionTest {
    @TempDir
    Path dir;

    private FakeDaytona daytona;
    private ControlPlane plane;
    private Services control;

    @BeforeEach
    void setUp() throws Exception {
        daytona = new FakeDaytona(Files.createDirectories(dir.resolve("sandboxes")));
        plane = ControlPlane.start(dir.resolve("control"), Map.of("daytona_api_url", daytona.apiUrl().toString(),
                "daytona_api_key", FakeDaytona.API_KEY, "daytona_image", "ghcr.io/acme/orbitdock:1",
                "daytona_orbitdock_command", ManagedSessionFixture.ORBITDOCK));
        control = plane.services();
    }

    @AfterEach
    void tearDown() {
        plane.close();
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

        MissionIssue issue = failedIssue(RemoteMission.repo(dir.resolve("repo"), "daytona"));

        assertThat(issue.lastError()).contains("HTTP 401").endsWith("Invalid API key");
    }

    @Test
    void anImageThatDoesNotExistFailsTheIssueWithDaytonasReasonAndDeletesTheSandbox() throws Exception {
        daytona.buildFailure = "Failed to pull image ghcr.io/acme/orbitdock:1: manifest unknown";

        MissionIssue issue = failedIssue(RemoteMission.repo(dir.resolve("repo"), "daytona"));

        assertThat(issue.lastError()).startsWith("Daytona sandbox ")
                .endsWith(" is build_failed: Failed to pull image ghcr.io/acme/orbitdock:1: manifest unknown");
    }

    @Test
    void aSandboxStuckInCreatingFailsTheIssueAtTheCreateTimeoutAndIsDeleted() throws Exception {
        daytona.creatingReads = -1;
        control.config().set("daytona_create_timeout", "3s");

        MissionIssue issue = failedIssue(RemoteMission.repo(dir.resolve("repo"), "daytona"));

        assertThat(issue.lastError()).startsWith("Provisioning step 'creating' did not finish within its deadline of 3s:"
                + " Daytona sandbox ").endsWith(" was still creating");
        assertThat(daytona.requests("DELETE", "/api/sandbox/.*")).hasSize(1);
    }

    @Test
    void aPrivateRepoWithoutAGitTokenFailsWithGitsOwnWordsAndDeletesTheSandbox() throws Exception {
        try (PrivateRepoServer git = new PrivateRepoServer()) {
            Path repo = RemoteMission.repo(dir.resolve("repo"), "daytona");
            RemoteMission.originAt(repo, git.repoUrl());

            MissionIssue issue = failedIssue(repo);

            assertThat(issue.lastError()).contains("(HTTP 400): ").endsWith("fatal: could not read Username for '"
                    + git.repoUrl().replace("/acme/private.git", "") + "': terminal prompts disabled");
        }
    }

    @Test
    void aSyncUrlTheSandboxCannotReachFailsTheIssueWithTheInstancesLogAndDeletesTheSandbox() throws Exception {
        control.config().set("public_server_url", "http://127.0.0.1:9");
        control.config().set("workspace_connect_timeout", "20s");

        MissionIssue issue = failedIssue(RemoteMission.repo(dir.resolve("repo"), "daytona"));

        assertThat(issue.lastError()).contains("reach the sync URL http://127.0.0.1:9")
                .contains("the managed instance's log ends with:\n")
                .contains("replicating to http://127.0.0.1:9/api/sync");
    }

    /** Adds the mission, waits for its issue to fail and be cleaned up, and checks that no sandbox is left. */
    private MissionIssue failedIssue(Path repo) throws Exception {
        control.missions().add(repo);
        MissionIssue issue = RemoteMission.assertFailedAndCleanedUp(control, repo);
        assertThat(daytona.liveSandboxes()).isZero();
        return issue;
    }
}
