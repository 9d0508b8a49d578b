package dev.orbitdock.workspace.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.common.Json;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.testing.Rows;
import dev.orbitdock.workspace.ManagedSessionFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    private static final String MISSION = """
            ---
            tracker: {kind: local, directory: .orbitdock/issues}
            orchestration: {max_retries: 0, stall_timeout: 5m, base_branch: main}
            agent: {kind: command, command: {run: sh agent.sh, timeout: 2m}}
            workspace: {provider: ssh, setup_commands: ["echo setup-ran > setup.txt"]}
            ---
            Work on {{ issue.identifier }}.
            """;
    private static final String AGENT = """
            set -e
            cat setup.txt
            echo done > result.txt
            git add result.txt
            git -c user.name=agent -c user.email=agent@example.invalid commit -q -m "result committed"
            git log -1 --format=%s
            """;

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
        Path repo = repo();
        control.missions().add(repo);

        await().atMost(Duration.ofMinutes(3)).ignoreExceptions().until(() -> issue().state().isSettled());
        MissionIssue issue = issue();
        assertThat(issue.state()).as(issue.lastError()).isEqualTo(OrchestrationState.COMPLETED);
        await().atMost(Duration.ofMinutes(1)).until(() -> "destroyed".equals(workspaceColumn(issue, "status")));

        assertThat(Rows.query(control.database(), "SELECT end_reason FROM sessions WHERE id = '" + issue.sessionId()
                + "'")).singleElement().satisfies(row -> assertThat(row.get("end_reason"))
                .isEqualTo("exited with status 0"));
        assertThat(Rows.query(control.database(), "SELECT payload FROM conversation_rows WHERE session_id = '"
                + issue.sessionId() + "'")).extracting(row -> Json.mapper().readTree((String) row.get("payload"))
                .path("text").asText()).contains("setup-ran", "result committed");
        assertThat(Rows.count(control.database(), "SELECT count(*) FROM auth_tokens WHERE revoked_at IS NOT NULL"
                + " AND id = (SELECT sync_token FROM workspaces WHERE id = '" + issue.workspaceId() + "')"))
                .isEqualTo(1);
        assertThat(dir.resolve("remote").resolve(issue.workspaceId())).doesNotExist();

        assertThat(control.missions().provisioning(issue)).allSatisfy(step -> assertThat(step.took()).isNotNull())
                .extracting(step -> step.name() + " " + step.status())
                .containsExactly("connecting finished", "cloning finished", "setup 1/1 finished",
                        "starting_agent finished");
    }

    private MissionIssue issue() {
        return control.missions().issues(control.missions().list().getFirst().id()).getFirst();
    }

    private String workspaceColumn(MissionIssue issue, String column) {
        return (String) Rows.query(control.database(), "SELECT " + column + " FROM workspaces WHERE id = '"
                + issue.workspaceId() + "'").getFirst().get(column);
    }

    /** The mission's repo: MISSION.md and the agent committed on main, one local issue. */
    private Path repo() throws Exception {
        Path repo = ManagedSessionFixture.repo(dir.resolve("repo"));
        Files.writeString(repo.resolve("MISSION.md"), MISSION);
        Files.writeString(repo.resolve("agent.sh"), AGENT);
        git(repo, "add", "MISSION.md", "agent.sh");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "mission");
        Files.createDirectories(repo.resolve(".orbitdock/issues"));
        Files.writeString(repo.resolve(".orbitdock/issues/T-1.md"),
                "---\nidentifier: T-1\ntitle: Commit a result\nstate: Todo\npriority: 1\n---\nCommit it.\n");
        return repo;
    }

    private static void git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(git.waitFor()).as(new String(git.getInputStream().readAllBytes())).isZero();
    }
}
