package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.common.Json;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.testing.MissionRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceCliTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void destroyBesideARunningServerLeavesTheRunToThatServerWhichStopsItAsTheApiWould() throws Exception {
        Path pidFile = dir.resolve("agent.pid");
        Path repo = repo("", "echo $$ > \"" + pidFile + "\"; sleep 600");
        Services services = Services.open(new DataDir(dir.resolve("data")), Map.of(), Map.of("bind", "127.0.0.1:0"));
        try (Server server = Server.start(services, "test")) {
            services.missions().add(repo);
            services.missions().trigger("repo");
            await().atMost(WAIT).ignoreException(NoSuchElementException.class).until(() ->
                    issue(services).state() == OrchestrationState.RUNNING && Files.exists(pidFile));
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            String workspaceId = issue(services).workspaceId();

            var destroyed = new CliRunner(dir.resolve("data")).run("workspace", "destroy", workspaceId);

            assertThat(destroyed.exitCode()).as(destroyed.err()).isZero();
            assertThat(destroyed.out()).startsWith("marked " + workspaceId + " destroyed (token revoked); the"
                    + " running server stops the run of T-1");
            Path worktrees = dir.resolve("data/worktrees").resolve(services.missions().require("repo").id());
            await().atMost(WAIT).until(() -> issue(services).state() == OrchestrationState.FAILED
                    && MissionRepos.emptyOrMissing(worktrees) && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThat(issue(services).lastError()).isEqualTo("workspace destroyed from the CLI");
            assertThat(services.workspaces().require(workspaceId).status()).isEqualTo("destroyed");
            Path comments = repo.resolve(".orbitdock/issues/.comments/T-1.md");
            await().atMost(WAIT).until(() -> Files.exists(comments)
                    && Files.readString(comments).contains("its workspace was destroyed from the CLI"));
        }
    }

    @Test
    void destroyWithNoServerRunningRemovesAWorktreeKeptByRetentionThroughItsProvider() throws Exception {
        Path repo = repo("\nworkspace: {retention: keep_duration, retention_ttl: 1h}", "true");
        String workspaceId;
        Path worktrees;
        Services services = Services.open(new DataDir(dir.resolve("data")), Map.of(), Map.of("bind", "127.0.0.1:0"));
        try (Server server = Server.start(services, "test")) {
            services.missions().add(repo);
            services.missions().trigger("repo");
            await().atMost(WAIT).ignoreException(NoSuchElementException.class).until(() ->
                    issue(services).state() == OrchestrationState.COMPLETED);
            workspaceId = issue(services).workspaceId();
            worktrees = dir.resolve("data/worktrees").resolve(services.missions().require("repo").id());
            await().atMost(WAIT).until(() -> !MissionRepos.emptyOrMissing(worktrees)
                    && "ready".equals(services.workspaces().require(workspaceId).status()));
        }

        var destroyed = new CliRunner(dir.resolve("data")).run("workspace", "destroy", workspaceId);

        assertThat(destroyed.exitCode()).as(destroyed.err()).isZero();
        assertThat(destroyed.out()).isEqualTo("destroyed " + workspaceId
                + " (token revoked; removed through the local provider)\n");
        assertThat(MissionRepos.emptyOrMissing(worktrees)).isTrue();
    }

    @Test
    void createPrintsTheTokenOnceAndTheCommandThenListShowAndDestroy() throws Exception {
        CliRunner cli = new CliRunner(dir);

        var created = cli.run("workspace", "create", "--provider", "ssh");
        assertThat(created.exitCode()).isZero();
        assertThat(created.out().strip()).startsWith("odtk_");
        assertThat(created.err()).contains("shown only now").contains("orbitdock start --managed --workspace-id od-")
                .doesNotContain(created.out().strip());
        JsonNode list = Json.mapper().readTree(cli.run("workspace", "list", "--json").out()).get("workspaces");
        String id = list.get(0).get("id").asText();
        assertThat(list.get(0).has("token")).isFalse();

        assertThat(cli.run("workspace", "list").out()).contains(id).contains("ssh").contains("never");
        assertThat(cli.run("workspace", "show", id).out()).contains("acked through").contains("outbox depth");
        assertThat(cli.run("workspace", "destroy", id).out()).isEqualTo("destroyed " + id + " (token revoked)\n");
        assertThat(cli.run("workspace", "list").err()).startsWith("No workspaces");
        assertThat(cli.run("workspace", "show", "od-nope").err()).startsWith("error: No workspace with id 'od-nope'");
    }

    @Test
    void managedStartExplainsWhatIsMissing() {
        CliRunner cli = new CliRunner(dir, Map.of());

        assertThat(cli.run("start", "--managed", "--workspace-id", "od-w").err())
                .startsWith("error: --managed needs --session-id, --sync-url, --provider, --prompt-file");
        assertThat(cli.run("start", "--session-id", "od-s").err())
                .startsWith("error: --session-id only apply with --managed");
        assertThat(cli.run("start", "--managed", "--workspace-id", "w", "--session-id", "s", "--sync-url",
                "ftp://x", "--provider", "command", "--prompt-file", "p").err())
                .startsWith("error: --sync-url 'ftp://x' must be an http:// or https:// URL");
        assertThat(cli.run("start", "--managed", "--workspace-id", "w", "--session-id", "s", "--sync-url",
                "http://127.0.0.1:9", "--provider", "command", "--prompt-file", "p").err())
                .startsWith("error: Managed mode needs the workspace token in $ORBITDOCK_SYNC_TOKEN");
    }

    private static MissionIssue issue(Services services) {
        return services.missions().issues("repo").getFirst();
    }

    private Path repo(String workspaceSettings, String agentScript) throws IOException {
        Files.createDirectories(dir.resolve("repo"));
        Files.writeString(dir.resolve("repo/agent.sh"), agentScript + "\n");
        return MissionRepos.create(dir.resolve("repo"), """
                ---
                tracker: {kind: local, directory: .orbitdock/issues}
                orchestration: {max_retries: 0, stall_timeout: 5m, base_branch: main}
                agent: {kind: command, command: {run: sh agent.sh, timeout: 2m}}%s
                ---
                Work on {{ issue.identifier }}.
                """.formatted(workspaceSettings), "Doomed");
    }
}
