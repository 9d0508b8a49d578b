package dev.orbitdock.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.app.Services;
import dev.orbitdock.common.Json;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the remote providers' mission tests share: a mission repo whose one issue runs on the given provider with
 * a command agent that commits, and the proof that the control plane ran it there and cleaned up afterwards.
 */
public final class RemoteMission {
    private static final String MISSION = """
            ---
            tracker: {kind: local, directory: .orbitdock/issues}
            orchestration: {max_retries: 0, stall_timeout: 5m, base_branch: main}
            agent: %s
            workspace: {provider: %s, setup_commands: ["%s"]}
            ---
            Work on {{ issue.identifier }}.
            """;
    private static final String COMMAND_AGENT = "{kind: command, command: {run: sh agent.sh, timeout: 2m}}";
    private static final String AGENT = """
            set -e
            cat setup.txt
            echo done > result.txt
            git add result.txt
            git -c user.name=agent -c user.email=agent@example.invalid commit -q -m "result committed"
            git log -1 --format=%s
            """;

    private RemoteMission() {}

    /** The mission's repo: MISSION.md (workspaces on {@code provider}) and the agent on main, one local issue. */
    public static Path repo(Path dir, String provider) throws Exception {
        return repo(dir, provider, COMMAND_AGENT);
    }

    /** As {@link #repo(Path, String)}, with this agent section (YAML flow style) instead of the command agent. */
    public static Path repo(Path dir, String provider, String agent) throws Exception {
        return repo(dir, provider, agent, "echo setup-ran > setup.txt");
    }

    /** As {@link #repo(Path, String)}, with one setup command of the caller's (no double quotes in it). */
    public static Path repoWithSetup(Path dir, String provider, String setupCommand) throws Exception {
        return repo(dir, provider, COMMAND_AGENT, setupCommand);
    }

    private static Path repo(Path dir, String provider, String agent, String setupCommand) throws Exception {
        Path repo = ManagedSessionFixture.repo(dir);
        Files.writeString(repo.resolve("MISSION.md"), MISSION.formatted(agent, provider, setupCommand));
        Files.writeString(repo.resolve("agent.sh"), AGENT);
        ManagedSessionFixture.git(repo, "add", "MISSION.md", "agent.sh");
        ManagedSessionFixture.git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "mission");
        Files.createDirectories(repo.resolve(".orbitdock/issues"));
        Files.writeString(repo.resolve(".orbitdock/issues/T-1.md"),
                "---\nidentifier: T-1\ntitle: Commit a result\nstate: Todo\npriority: 1\n---\nCommit it.\n");
        return repo;
    }

    /**
     * Waits for the issue to complete and its workspace to be destroyed, then checks that the session replicated,
     * the workspace's token is revoked and the provisioning steps were recorded with their times and deadlines.
     */
    public static MissionIssue assertCompletedAndCleanedUp(Services control, List<String> steps) throws Exception {
        await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> issue(control).state().isSettled());
        MissionIssue issue = issue(control);
        assertThat(issue.state()).as(issue.lastError()).isEqualTo(OrchestrationState.COMPLETED);
        await().atMost(Duration.ofMinutes(1)).until(() -> "destroyed".equals(workspaceStatus(control, issue)));

        assertThat(Rows.query(control.database(), "SELECT end_reason FROM sessions WHERE id = '" + issue.sessionId()
                + "'")).singleElement().satisfies(row -> assertThat(row.get("end_reason"))
                .isEqualTo("exited with status 0"));
        assertThat(Rows.query(control.database(), "SELECT payload FROM conversation_rows WHERE session_id = '"
                + issue.sessionId() + "'")).extracting(row -> Json.mapper().readTree((String) row.get("payload"))
                .path("text").asText()).contains("setup-ran", "result committed");
        assertThat(Rows.count(control.database(), "SELECT count(*) FROM auth_tokens WHERE revoked_at IS NOT NULL"
                + " AND id = (SELECT sync_token FROM workspaces WHERE id = '" + issue.workspaceId() + "')"))
                .isEqualTo(1);
        assertThat(control.missions().provisioning(issue)).allSatisfy(step -> {
                    assertThat(step.took()).isNotNull();
                    assertThat(step.deadlineAt()).isAfter(step.startedAt());
                })
                .extracting(step -> step.name() + " " + step.status())
                .containsExactlyElementsOf(steps.stream().map(step -> step + " finished").toList());
        return issue;
    }

    /** Makes {@code url} the repo's {@code origin}, which is where a remote machine clones it from. */
    public static void originAt(Path repo, String url) throws Exception {
        ManagedSessionFixture.git(repo, "remote", "add", "origin", url);
    }

    /**
     * Waits for the issue to fail and its workspace to be destroyed, then checks that the same message is on the
     * workspace row and in the tracker's comment, and that the workspace's token is revoked.
     */
    public static MissionIssue assertFailedAndCleanedUp(Services control, Path repo) throws Exception {
        await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> issue(control).state().isSettled());
        MissionIssue issue = issue(control);
        assertThat(issue.state()).as(issue.lastError()).isEqualTo(OrchestrationState.FAILED);
        // The issue fails first; the clean-up of what was made follows it.
        await().atMost(Duration.ofMinutes(1)).until(() -> "destroyed".equals(workspaceStatus(control, issue)));
        assertThat(control.workspaces().require(issue.workspaceId()).lastError()).isEqualTo(issue.lastError());
        assertThat(Rows.count(control.database(), "SELECT count(*) FROM auth_tokens WHERE revoked_at IS NOT NULL"
                + " AND id = (SELECT sync_token FROM workspaces WHERE id = '" + issue.workspaceId() + "')"))
                .isEqualTo(1);
        assertThat(repo.resolve(".orbitdock/issues/.comments/T-1.md")).content()
                .contains("OrbitDock: attempt 1 failed: " + issue.lastError() + " — no attempts left.");
        return issue;
    }

    /**
     * No process of this machine has {@code text} in its command line: given a workspace's id or directory, none of
     * its managed instance and agent is left.
     */
    public static void assertNoProcessMentioning(String text) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(text))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList()).isEmpty());
    }

    private static MissionIssue issue(Services control) {
        return control.missions().issues(control.missions().list().getFirst().id()).getFirst();
    }

    private static String workspaceStatus(Services control, MissionIssue issue) {
        return control.workspaces().require(issue.workspaceId()).status();
    }
}
