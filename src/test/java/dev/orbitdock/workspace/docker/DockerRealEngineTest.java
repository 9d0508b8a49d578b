package dev.orbitdock.workspace.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.workspace.SmokeStep;
import dev.orbitdock.workspace.WorkspaceProviderConformance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider against a real Docker Engine, where one answers ({@code DOCKER_HOST}, else the default socket):
 * the smoke test pulls a small image, creates a container, runs a command in it and removes it. Elsewhere it is
 * skipped, saying why. {@code ORBITDOCK_TEST_DOCKER_IMAGE} chooses the image (it needs only {@code sh}).
 */
class DockerRealEngineTest {
    private static final Logger log = LoggerFactory.getLogger(DockerRealEngineTest.class);

    @Test
    void theSmokeTestRunsAgainstARealEngineAndLeavesNoContainer() {
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        try (DockerEngine engine = new DockerEngine(host)) {
            if (!engine.ping()) {
                String reason = "no Docker Engine answers /_ping at " + host + "; set DOCKER_HOST to test against one";
                log.info("skipped: {}", reason);
                Assumptions.abort(reason);
            }
        }
        String image = System.getenv().getOrDefault("ORBITDOCK_TEST_DOCKER_IMAGE", "alpine:3.20");
        try (DockerWorkspaceProvider provider = new DockerWorkspaceProvider(new DockerSettings(host, image, 1, 1,
                "echo orbitdock"), null, WorkspaceProviderConformance.FAST)) {
            List<SmokeStep> steps = provider.smokeTest();

            assertThat(steps).as(steps.toString()).extracting(SmokeStep::ok).containsExactly(true, true, true);
            assertThat(steps.get(1).detail()).isEqualTo("orbitdock --version");
        }
        try (DockerEngine engine = new DockerEngine(host)) {
            assertThat(engine.list(Map.of("orbitdock.smoke_test", "true"))).isEmpty();
        }
    }
}
