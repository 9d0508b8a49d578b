package dev.orbitdock.workspace.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.workspace.ControlPlane;
import dev.orbitdock.workspace.ManagedSessionFixture;
import dev.orbitdock.workspace.RemoteMission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mission whose workspaces are Docker containers (the fake engine), when the engine cannot give it one. */
class DockerMissionTest {
    private static final String IMAGE = "ghcr.io/acme/orbitdock:1";

    @TempDir
    Path dir;

    private FakeDockerEngine docker;
    private ControlPlane plane;

    @BeforeEach
    void setUp() throws Exception {
        docker = new FakeDockerEngine(Files.createDirectories(dir.resolve("engine")));
        plane = ControlPlane.start(dir.resolve("control"), Map.of("docker_host", docker.host(), "docker_image", IMAGE,
                "docker_orbitdock_command", ManagedSessionFixture.ORBITDOCK));
    }

    @AfterEach
    void tearDown() throws Exception {
        plane.close();
        docker.close();
    }

    @Test
    void anImageThatDoesNotExistFailsTheIssueWithTheEnginesWordsAndLeavesNoContainer() throws Exception {
        Path repo = RemoteMission.repo(dir.resolve("repo"), "docker");
        plane.services().missions().add(repo);

        MissionIssue issue = RemoteMission.assertFailedAndCleanedUp(plane.services(), repo);

        assertThat(issue.lastError()).startsWith("Docker cannot pull image " + IMAGE + ": pull access denied")
                .endsWith("(HTTP 404)");
        assertThat(docker.requests("POST", "/containers/create")).isEmpty();
        assertThat(docker.liveContainers()).isZero();
    }
}
