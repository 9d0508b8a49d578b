package dev.orbitdock.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.testing.AgentClis;
import dev.orbitdock.testing.MissionRepos;
import dev.orbitdock.testing.ModelStep;
import dev.orbitdock.testing.Rows;
import dev.orbitdock.testing.ScriptedModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole path of a mission tool: a running OrbitDock (API server and orchestrator) starts the real claude or
 * codex CLI on an issue, the scripted model calls the mission tools, the CLI runs {@code orbitdock
 * mcp-mission-tools} from the MCP settings OrbitDock wrote, and the issue and its tracker change.
 */
class MissionToolsAgentTest {
    private static final Duration WAIT = Duration.ofMinutes(3);
    /** Claude Code names an MCP tool {@code mcp__<server>__<tool>}, codex {@code <tool>} in {@code mcp__<server>}. */
    private static final String TOOL_PREFIX = "mcp__orbitdock__";
    private static final String PR = "https://github.com/acme/shop/pull/42";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex"})
    void theAgentLinksAPullRequestAndReportsItselfBlocked(String kind) throws Exception {
        List<ModelStep> script = AgentClis.mcpScript(kind,
                new ModelStep.Tool(TOOL_PREFIX + "link_pr", "{\"url\":\"" + PR + "\"}"),
                new ModelStep.Tool(TOOL_PREFIX + "report_blocked", "{\"reason\":\"needs the payment API key\"}"),
                new ModelStep.Text("Reported blocked."));
        try (ScriptedModelServer model = new ScriptedModelServer(script)) {
            Path repo = repo(kind, model);
            Services services = Services.open(new DataDir(dir.resolve("data")), Map.of(),
                    Map.of("bind", "127.0.0.1:0"));
            try (Server server = Server.start(services, "test")) {
                services.missions().add(repo);
                services.missions().trigger("repo");

                await().atMost(WAIT).ignoreException(java.util.NoSuchElementException.class)
                        .until(() -> issue(services).state().isSettled());
                MissionIssue issue = issue(services);
                assertThat(issue.state()).as(issue.lastError()).isEqualTo(OrchestrationState.BLOCKED);
                await().atMost(WAIT).until(() -> services.tokens().list().stream()
                        .filter(t -> t.scope() instanceof TokenScope.Issue).allMatch(t -> t.revokedAt() != null));

                assertThat(issue.prUrl()).isEqualTo(PR);
                assertThat(issue.lastError()).isEqualTo("needs the payment API key");
                String comments = Files.readString(repo.resolve(".orbitdock/issues/.comments/T-1.md"));
                assertThat(comments).contains(PR).contains("the agent is blocked: needs the payment API key");
                assertThat(Files.readString(repo.resolve(".orbitdock/issues/.links/T-1.md"))).contains(PR);
                assertThat(services.tokens().list()).filteredOn(t -> t.scope() instanceof TokenScope.Issue)
                        .hasSize(1);
                // The session's rows: both calls, each answered without an error.
                assertThat(rows(services, issue, "tool_call")).hasSize(2)
                        .anySatisfy(call -> assertThat(call).contains("link_pr"))
                        .anySatisfy(call -> assertThat(call).contains("report_blocked"));
                assertThat(rows(services, issue, "tool_result")).hasSize(2)
                        .allSatisfy(result -> assertThat(result).contains("\"is_error\":false"));
            }
            // What the CLI sent back to the model: the tools' answers, not errors.
            assertThat(model.requests().getLast().body().toString()).contains("blocked")
                    .doesNotContain("is_error\":true");
        }
    }

    private static List<String> rows(Services services, MissionIssue issue, String type) {
        return Rows.query(services.database(), "SELECT payload FROM conversation_rows WHERE session_id = '"
                + issue.sessionId() + "' AND row_type = '" + type + "'").stream()
                .map(row -> (String) row.get("payload")).toList();
    }

    private static MissionIssue issue(Services services) {
        return services.missions().issues("repo").getFirst();
    }

    private Path repo(String kind, ScriptedModelServer model) throws IOException {
        return MissionRepos.create(dir.resolve("repo"), """
                ---
                tracker: {kind: local, directory: .orbitdock/issues}
                orchestration: {max_retries: 0, stall_timeout: 5m, base_branch: main}
                agent: %s
                ---
                Work on {{ issue.identifier }}.
                """.formatted(AgentClis.missionAgent(kind, model, dir.resolve("home"))), "Take payments");
    }
}
