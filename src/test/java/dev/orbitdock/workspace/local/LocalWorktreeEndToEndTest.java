package dev.orbitdock.workspace.local;

import static dev.orbitdock.workspace.local.GitFixture.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.agent.AgentRunners;
import dev.orbitdock.agent.SessionRecorder;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.Json;
import dev.orbitdock.testing.TestStore;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local provider with the real command agent and a real store: what the orchestrator will drive. */
class LocalWorktreeEndToEndTest {
    @TempDir
    Path dir;

    private TestStore store;
    private LocalWorktreeProvider provider;
    private Path repo;

    @BeforeEach
    void open() throws Exception {
        store = TestStore.open(dir);
        SessionRecorder recorder = new SessionRecorder(store.writer(), IdGenerator.sequential("row"),
                Clock.systemUTC());
        provider = new LocalWorktreeProvider(AgentRunners.standard(recorder), Clock.systemUTC());
        repo = GitFixture.repo(dir.resolve("repo"));
        GitFixture.addOrigin(repo, dir.resolve("origin.git"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theAgentsCommitEndsUpOnTheMissionBranchOfTheRepository() throws Exception {
        Workspace workspace = provider.create(new CreateWorkspaceRequest("ws-1", repo, "mission/abc-1", "main",
                dir.resolve("workspaces"), List.of("echo prepared > .setup-done"), Duration.ofMinutes(1), null));
        Path prompt = Files.writeString(dir.resolve("prompt.md"), "Add result.txt\n");
        ObjectNode settings = Json.mapper().createObjectNode().put("run", "cp \"$1\" result.txt && git add result.txt"
                + " && git commit -q -m 'agent: add result' && echo committed");

        AgentHandle agent = provider.startAgent(workspace, new AgentLaunch("command", "s-1", "ws-1", "mi-1",
                workspace.path(), prompt, GitFixture.IDENTITY, settings));
        AgentExit exit = agent.exit().get(60, TimeUnit.SECONDS);

        assertThat(exit).isEqualTo(new AgentExit(0, false, "exited with status 0"));
        assertThat(git(repo, "log", "-1", "--format=%s", "mission/abc-1")).isEqualTo("agent: add result");
        assertThat(git(repo, "show", "mission/abc-1:result.txt")).isEqualTo("Add result.txt");
        assertThat(store.string("SELECT status || ' ' || workspace_id || ' ' || end_reason FROM sessions"
                + " WHERE id = 's-1'")).isEqualTo("ended ws-1 exited with status 0");
        assertThat(store.string("SELECT payload FROM conversation_rows WHERE session_id = 's-1'"))
                .isEqualTo("{\"text\":\"committed\"}");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> provider.status(workspace) == WorkspaceStatus.READY); // no longer running
        provider.destroy(workspace, DestroyMode.GRACEFUL);
        assertThat(workspace.path()).doesNotExist();
        assertThat(git(repo, "log", "-1", "--format=%s", "mission/abc-1")).isEqualTo("agent: add result");
    }

    @Test
    void destroyStopsAnAgentThatIsStillRunning() throws Exception {
        Workspace workspace = provider.create(new CreateWorkspaceRequest("ws-1", repo, "mission/abc-1", "main",
                dir.resolve("workspaces"), List.of(), Duration.ofMinutes(1), null));
        Path prompt = Files.writeString(dir.resolve("prompt.md"), "wait\n");
        AgentHandle agent = provider.startAgent(workspace, new AgentLaunch("command", "s-1", "ws-1", null,
                workspace.path(), prompt, GitFixture.IDENTITY,
                Json.mapper().createObjectNode().put("run", "sleep 1000 & wait")));
        assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.RUNNING);

        provider.destroy(workspace, DestroyMode.FORCE);

        assertThat(agent.exit()).isCompletedWithValueMatching(AgentExit::killed);
        assertThat(workspace.path()).doesNotExist();
        assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.DESTROYED);
    }
}
