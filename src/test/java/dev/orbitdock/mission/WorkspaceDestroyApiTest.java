package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.auth.TokenService;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.Json;
import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.config.SecretKeyFile;
import dev.orbitdock.http.ApiServer;
import dev.orbitdock.http.EventHub;
import dev.orbitdock.sync.SyncReceiver;
import dev.orbitdock.testing.MissionRepos;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DELETE /api/workspaces/{id}} on a real server whose destroy goes through the orchestrator: a mission's
 * workspace is really destroyed (run stopped, resource removed), anyone else's only has its row marked.
 */
class WorkspaceDestroyApiTest {
    private static final String MISSION = """
            tracker: {kind: local, directory: .orbitdock/issues}
            orchestration: {max_retries: 1, max_backoff: 1m, stall_timeout: 5m, base_branch: main}
            agent: {kind: command, command: {run: sh agent.sh, timeout: 2m}}""";
    private static final String RETAINED = "\nworkspace: {retention: keep_duration, retention_ttl: 1h}";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final FakeRemoteProvider remote = new FakeRemoteProvider();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void destroyingARunningLocalIssuesWorkspaceStopsTheAgentRemovesTheWorktreeAndFailsTheIssueForGood()
            throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "echo $$ > \"" + dir.resolve("agent.pid")
                + "\"; sleep 600\n"); Control control = control(f)) {
            f.issue("T-1", "Doomed", 1);
            f.service.add(f.repo);
            control.orchestrator.tick(f.mission().id());
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING
                    && Files.exists(dir.resolve("agent.pid")));
            long pid = Long.parseLong(Files.readString(dir.resolve("agent.pid")).strip());
            MissionIssue issue = f.issueNamed("T-1");
            Path worktree = Path.of(workspace(f, issue, "json_extract(connection_info, '$.path')"));

            JsonNode destroyed = control.delete(issue.workspaceId());

            assertThat(destroyed.get("status").asText()).isEqualTo("destroyed");
            assertThat(destroyed.get("destroyed_at").isNull()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(worktree).doesNotExist();
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError()).isEqualTo("workspace destroyed from the API");
            assertThat(f.issueNamed("T-1").attempt()).isEqualTo(1);
            assertThat(f.trackerComments("T-1")).contains("attempt 1 was stopped: its workspace was destroyed");
            assertThat(f.git("branch", "--list", "mission/t-1")).contains("mission/t-1"); // the work is kept

            control.orchestrator.tick(f.mission().id()); // a person stopped it: nothing brings it back on its own
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.FAILED);
            assertThat(f.store.count("SELECT count(*) FROM workspaces")).isEqualTo(1);
            assertThat(workspace(f, issue, "status")).isEqualTo("destroyed");
        }
    }

    @Test
    void destroyingAWorkspaceStillBeingProvisionedFailsTheIssueAndTheLaunchStopsBeforeItsNextStep() throws Exception {
        Path release = dir.resolve("release");
        String slowSetup = "\nworkspace: {setup_commands: ['while [ ! -f \"" + release + "\" ]; do sleep 0.05; done']}";
        try (MissionFixture f = new MissionFixture(dir, MISSION.replace("base_branch: main}",
                "base_branch: main, state_on_failure: Failed}") + slowSetup, "sleep 600\n");
             Control control = control(f)) {
            f.issue("T-1", "Early", 1);
            f.service.add(f.repo);
            control.orchestrator.tick(f.mission().id());
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.PROVISIONING
                    && f.service.provisioning(f.issueNamed("T-1")).stream().anyMatch(s -> s.name().equals("setup 1/1")));
            MissionIssue issue = f.issueNamed("T-1");

            assertThat(control.delete(issue.workspaceId()).get("status").asText()).isEqualTo("destroyed");
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.FAILED);

            Files.createFile(release); // the launch goes on, finds the issue stopped, and removes what it made
            Path worktrees = dir.resolve("data/worktrees").resolve(f.mission().id());
            await().atMost(WAIT).until(() -> MissionRepos.emptyOrMissing(worktrees));
            assertThat(control.orchestrator.runningAgents()).isZero();
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError()).isEqualTo("workspace destroyed from the API");
            assertThat(workspace(f, issue, "status")).isEqualTo("destroyed"); // nothing wrote ready or running on it
            assertThat(workspace(f, issue, "ready_at")).isNull();
            assertThat(f.service.provisioning(issue)).noneMatch(s -> s.name().equals("starting_agent"));
            assertThat(f.trackerFile("T-1")).contains("state: Failed").doesNotContain("In Progress");
        }
    }

    @Test
    void destroyingAWorktreeKeptByRetentionRemovesIt() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION + RETAINED, "true\n"); Control control = control(f)) {
            f.issue("T-1", "Kept", 1);
            f.service.add(f.repo);
            control.orchestrator.tick(f.mission().id());
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.COMPLETED
                    && f.store.string("SELECT json_extract(connection_info, '$.retain_until') FROM workspaces") != null);
            MissionIssue issue = f.issueNamed("T-1");
            Path worktree = Path.of(workspace(f, issue, "json_extract(connection_info, '$.path')"));
            assertThat(worktree).isDirectory();

            JsonNode destroyed = control.delete(issue.workspaceId());

            assertThat(destroyed.get("status").asText()).isEqualTo("destroyed");
            assertThat(worktree).doesNotExist();
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.COMPLETED);
        }
    }

    @Test
    void destroyingARunningRemoteIssuesWorkspaceForceDestroysItThroughItsProviderAndRevokesItsToken()
            throws Exception {
        try (MissionFixture f = remoteFixture(); Control control = control(f)) {
            MissionIssue issue = RemoteOrchestrators.runningIssue(f, control.orchestrator, WAIT);

            JsonNode destroyed = control.delete(issue.workspaceId());

            assertThat(destroyed.get("status").asText()).isEqualTo("destroyed");
            assertThat(remote.destroyed).containsEntry(issue.workspaceId(), DestroyMode.FORCE);
            assertThat(f.store.count("SELECT count(*) FROM auth_tokens WHERE revoked_at IS NOT NULL AND id ="
                    + " (SELECT sync_token FROM workspaces WHERE id = ?)", issue.workspaceId())).isEqualTo(1);
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError()).isEqualTo("workspace destroyed from the API");
            assertThat(control.orchestrator.runningAgents()).isZero();
        }
    }

    @Test
    void aRemoteRunWhoseRowAnotherProcessDestroyedIsForceDestroyedAtTheNextTick() throws Exception {
        try (MissionFixture f = remoteFixture(); Control control = control(f)) {
            MissionIssue issue = RemoteOrchestrators.runningIssue(f, control.orchestrator, WAIT);

            control.registry.destroy(issue.workspaceId()); // as `orbitdock workspace destroy` beside this server
            control.orchestrator.tick(f.mission().id());

            assertThat(remote.destroyed).containsEntry(issue.workspaceId(), DestroyMode.FORCE);
            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError()).isEqualTo("workspace destroyed from the CLI");
            await().atMost(WAIT).until(() -> control.orchestrator.runningAgents() == 0);
            assertThat(workspace(f, issue, "status")).isEqualTo("destroyed");
        }
    }

    @Test
    void aWorkspaceRegisteredByHandOnlyHasItsRowDestroyed() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "true"); Control control = control(f)) {
            String id = control.registry.register("manual", null).workspaceId();

            assertThat(control.delete(id).get("status").asText()).isEqualTo("destroyed");
            assertThat(f.store.count("SELECT count(*) FROM auth_tokens WHERE revoked_at IS NOT NULL")).isEqualTo(1);
            assertThat(control.send("DELETE", "/api/workspaces/nope").statusCode()).isEqualTo(404);
        }
    }

    private MissionFixture remoteFixture() throws IOException {
        return new MissionFixture(dir, MISSION + "\nworkspace: {provider: ssh}", "true");
    }

    private static String workspace(MissionFixture f, MissionIssue issue, String column) {
        return f.store.string("SELECT " + column + " FROM workspaces WHERE id = ?", issue.workspaceId());
    }

    /** The fixture's orchestrator replaced by one with the registry and both providers, and an API server on it. */
    private Control control(MissionFixture f) {
        TokenService tokens = new TokenService(f.store.database(), f.store.writer(), f.clock, new SecureRandom());
        WorkspaceRegistry registry = new WorkspaceRegistry(f.store.database(), f.store.writer(), tokens, f.clock,
                IdGenerator.random());
        MissionOrchestrator orchestrator = f.track(new MissionOrchestrator(new MissionOrchestrator.Deps(f.queries,
                f.store.writer(), f.clock, IdGenerator.random(), f.trackers(), ProviderLookup.of(Map.of(
                        WorkspaceKind.LOCAL, f.localProvider(), WorkspaceKind.SSH, remote)), dir.resolve("data"),
                new RemoteSettings(registry, () -> "local", () -> "http://control.example:4000", Map::of,
                        () -> RemoteOrchestrators.CONNECT_TIMEOUT))));
        remote.onStart = workspace -> RemoteOrchestrators.heartbeat(f, workspace.id()); // the instance's first sync
        ConfigStore config = new ConfigStore(f.store.database(), f.store.writer(), new SecretKeyFile(
                dir.resolve("secret.key"), new SecureRandom()), Map.of(), Map.of(), f.clock, new SecureRandom());
        ApiServer api = new ApiServer(new ApiServer.Deps(f.store.database(), tokens, config, f.service,
                new MissionTools(f.queries, f.store.writer(), f.clock, f.trackers()), new EventHub(),
                new SyncReceiver(f.store.writer(), f.clock), registry, orchestrator::destroyWorkspace, "test",
                f.clock));
        api.start("127.0.0.1", 0);
        return new Control(orchestrator, registry, api);
    }

    private final class Control implements AutoCloseable {
        final MissionOrchestrator orchestrator;
        final WorkspaceRegistry registry;
        private final ApiServer api;

        Control(MissionOrchestrator orchestrator, WorkspaceRegistry registry, ApiServer api) {
            this.orchestrator = orchestrator;
            this.registry = registry;
            this.api = api;
        }

        JsonNode delete(String workspaceId) throws Exception {
            HttpResponse<String> response = send("DELETE", "/api/workspaces/" + workspaceId);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Json.mapper().readTree(response.body());
        }

        HttpResponse<String> send(String method, String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                    .timeout(WAIT).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            http.shutdownNow();
            api.stop();
        }
    }
}
