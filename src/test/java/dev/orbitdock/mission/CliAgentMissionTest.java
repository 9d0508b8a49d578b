package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.testing.AgentClis;
import dev.orbitdock.testing.ModelStep;
import dev.orbitdock.testing.ScriptedModelServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Missions whose issues are worked by the real claude and codex CLIs (installed by the build) against the scripted
 * model: real worktree, recorded rows, a commit on the mission branch, the issue completed in the tracker.
 */
class CliAgentMissionTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String COMMIT = "echo done > done.txt && git add done.txt"
            + " && git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m \"$ORBITDOCK_ISSUE_IDENTIFIER done\"";
    private static final List<ModelStep> SCRIPT = List.of(new ModelStep.Shell(COMMIT),
            new ModelStep.Text("Committed done.txt."));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"claude", "codex"})
    void theCliWorksAnIssueEndToEnd(String kind) throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(SCRIPT)) {
            boolean claude = kind.equals("claude");
            Map<String, String> env = claude ? AgentClis.claudeEnv(server, dir.resolve("home"))
                    : AgentClis.codexEnv(server, dir.resolve("home"));
            String model = claude ? ScriptedModelServer.MODEL_CLAUDE : ScriptedModelServer.MODEL_CODEX;
            // Claude Code runs the shell tool once allowed; codex commits only outside its workspace-write sandbox.
            String agent = "agent: {kind: " + kind + ", " + kind + ": {executable: \"" + AgentClis.executable(kind)
                    + "\", model: " + model + (claude ? ", allowed_tools: [Bash]" : ", sandbox: danger-full-access")
                    + "}}";
            worksAnIssue(new MissionFixture(dir, mission(agent), "", k -> k.equals(kind) ? env : Map.of()), model);
        }
    }

    private static String mission(String agent) {
        return """
                tracker: {kind: local, directory: .orbitdock/issues}
                orchestration: {max_retries: 0, stall_timeout: 5m, base_branch: main}
                """ + agent;
    }

    private static void worksAnIssue(MissionFixture fixture, String model) throws Exception {
        try (MissionFixture f = fixture) {
            f.issue("T-1", "Add done.txt", 1);
            f.service.add(f.repo);

            f.tick();

            await().atMost(WAIT).until(() -> f.stateOf("T-1").isSettled());
            MissionIssue issue = f.issueNamed("T-1");
            assertThat(issue.state()).as(issue.lastError()).isEqualTo(OrchestrationState.COMPLETED);
            assertThat(f.git("log", "--format=%s", "mission/t-1")).startsWith("T-1 done");
            assertThat(f.trackerFile("T-1")).contains("state: Done");
            assertThat(f.store.count("SELECT count(*) FROM conversation_rows WHERE session_id = ? AND row_type IN"
                    + " ('user_prompt', 'tool_call', 'tool_result', 'assistant', 'usage')", issue.sessionId()))
                    .isEqualTo(5);
            assertThat(f.store.string("SELECT payload FROM conversation_rows WHERE session_id = ?"
                    + " AND row_type = 'user_prompt'", issue.sessionId())).contains("Work on T-1 (Add done.txt)");
            assertThat(f.store.string("SELECT model || ' ' || status FROM sessions WHERE id = ?", issue.sessionId()))
                    .isEqualTo(model + " ended");
            assertThat(f.store.count("SELECT sum(output_tokens) FROM token_usage WHERE session_id = ?",
                    issue.sessionId())).isPositive();
        }
    }
}
