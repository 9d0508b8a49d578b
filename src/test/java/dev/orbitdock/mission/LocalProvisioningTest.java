package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local issue is provisioned like a remote one: state {@code provisioning}, its steps recorded as they happen. */
class LocalProvisioningTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aLocalIssuePassesThroughProvisioningWithItsStepsRecorded() throws Exception {
        Path release = dir.resolve("release");
        String mission = """
                tracker: {kind: local, directory: .orbitdock/issues}
                orchestration: {max_retries: 0, stall_timeout: 5m, base_branch: main}
                agent: {kind: command, command: {run: sh agent.sh, timeout: 2m}}
                workspace: {setup_commands: ['true', 'while [ ! -f "%s" ]; do sleep 0.05; done']}"""
                .formatted(release);
        try (MissionFixture f = new MissionFixture(dir, mission, "sleep 600\n")) {
            f.issue("T-1", "Local", 1);
            f.service.add(f.repo);

            f.tick();

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.PROVISIONING
                    && running(f).contains("setup 2/2"));
            assertThat(steps(f)).containsExactly("creating running", "worktree finished", "setup 1/2 finished",
                    "setup 2/2 running");

            Files.createFile(release);

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING);
            assertThat(steps(f)).containsExactly("creating finished", "worktree finished", "setup 1/2 finished",
                    "setup 2/2 finished", "starting_agent finished");
            MissionIssue issue = f.issueNamed("T-1");
            assertThat(f.service.provisioning(issue)).allSatisfy(step -> assertThat(step.took()).isNotNull());
            // The agent's process is still recorded beside the steps, for a restart to find and stop it.
            assertThat(f.store.string("SELECT json_extract(connection_info, '$.pid') FROM workspaces WHERE id = ?",
                    issue.workspaceId())).isNotNull();
        }
    }

    private static List<String> steps(MissionFixture f) {
        return f.service.provisioning(f.issueNamed("T-1")).stream().map(s -> s.name() + " " + s.status()).toList();
    }

    private static List<String> running(MissionFixture f) {
        return f.service.provisioning(f.issueNamed("T-1")).stream().filter(s -> s.status().equals("running"))
                .map(ProvisioningProgress::name).toList();
    }
}
