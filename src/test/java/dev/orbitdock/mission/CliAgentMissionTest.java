package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.testing.AgentClis;
import dev.orbitdock.testing.ModelStep;
import dev.orbitdock.testing.ScriptedModelServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
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
        try (ScriptedModelServer server = new ScriptedModelServer(SCRIPT); MissionFixture f = fixture(kind, server)) {
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
                    .isEqualTo(model(kind) + " ended");
            assertThat(f.store.count("SELECT sum(output_tokens) FROM token_usage WHERE session_id = ?",
                    issue.sessionId())).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"claude", "codex"})
    void aCliHungInAToolCallIsStalledAndKilled(String kind) throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(List.of(new ModelStep.Shell("sleep 600")));
             MissionFixture f = fixture(kind, server)) {
            f.issue("T-1", "Hang", 1);
            f.service.add(f.repo);
            f.tick();
            await().atMost(WAIT).until(() -> f.store.count("SELECT count(*) FROM sessions WHERE"
                    + " last_progress_at IS NOT NULL AND id = ?", f.issueNamed("T-1").sessionId()) == 1);

            f.clock.advance(Duration.ofMinutes(6));
            f.tick();

            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError()).startsWith("stalled: no agent progress");
            await().atMost(WAIT).until(() -> f.orchestrator.runningAgents() == 0);
        }
    }

    /**
     * Attempt 1 runs a command and then meets a model error; its worktree is kept, so attempt 2 resumes the same
     * CLI session there (claude {@code --resume}, {@code codex exec resume}): the model (another server, so its
     * script starts over) sees attempt 1's conversation before attempt 2's prompt.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"claude", "codex"})
    void aRetryResumesTheSessionInTheKeptWorktree(String kind) throws Exception {
        try (ScriptedModelServer first = new ScriptedModelServer(List.of(new ModelStep.Shell("echo one > one.txt"),
                new ModelStep.Fail(400, "scripted failure of attempt 1")));
             ScriptedModelServer second = new ScriptedModelServer(List.of(new ModelStep.Text("Went on from one.txt.")))) {
            AtomicReference<ScriptedModelServer> model = new AtomicReference<>(first);
            String mission = mission(agent(kind)).replace("max_retries: 0", "max_retries: 1")
                    + "\nworkspace: {retention: keep_duration, retention_ttl: 1h}";
            try (MissionFixture f = new MissionFixture(dir, mission, "", k -> env(kind, model.get()))) {
                f.issue("T-1", "Twice", 1);
                f.service.add(f.repo);
                f.tick();
                await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RETRY_QUEUED);
                MissionIssue failed = f.issueNamed("T-1");
                assertThat(failed.lastError()).isEqualTo("agent exited with status 1");
                await().atMost(WAIT).until(() -> f.store.string("SELECT json_extract(connection_info,"
                        + " '$.retain_until') FROM workspaces WHERE id = ?", failed.workspaceId()) != null);
                String cliSession = f.store.string("SELECT external_session_id FROM sessions WHERE id = ?",
                        failed.sessionId());
                assertThat(cliSession).isNotBlank();

                model.set(second);
                f.clock.advance(Duration.ofSeconds(10));
                f.tick();
                await().atMost(WAIT).until(() -> f.stateOf("T-1").isSettled());

                MissionIssue retried = f.issueNamed("T-1");
                assertThat(retried.state()).as(retried.lastError()).isEqualTo(OrchestrationState.COMPLETED);
                assertThat(retried.attempt()).isEqualTo(2);
                String conversation = second.requests().getFirst().body().toString();
                assertThat(conversation).contains("echo one > one.txt").contains("attempt 1.")
                        .contains("attempt 2.");
                assertThat(conversation.indexOf("attempt 1.")).isLessThan(conversation.indexOf("attempt 2."));
                assertThat(f.store.string("SELECT external_session_id FROM sessions WHERE id = ?",
                        retried.sessionId())).isEqualTo(cliSession);
                Path worktree = Path.of(f.store.string("SELECT json_extract(connection_info, '$.path') FROM"
                        + " workspaces WHERE id = ?", retried.workspaceId()));
                assertThat(worktree.resolve("one.txt")).hasContent("one");
            }
        }
    }

    private Map<String, String> env(String kind, ScriptedModelServer server) {
        try {
            return kind.equals("claude") ? AgentClis.claudeEnv(server, dir.resolve("home"))
                    : AgentClis.codexEnv(server, dir.resolve("home"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A mission whose agent is the real CLI of this kind, pointed at the server. */
    private MissionFixture fixture(String kind, ScriptedModelServer server) throws IOException {
        Map<String, String> env = env(kind, server);
        return new MissionFixture(dir, mission(agent(kind)), "", k -> k.equals(kind) ? env : Map.of());
    }

    /** Claude Code runs the shell tool once allowed; codex commits only outside its workspace-write sandbox. */
    private static String agent(String kind) {
        return "agent: {kind: " + kind + ", " + kind + ": {executable: \"" + AgentClis.executable(kind)
                + "\", model: " + model(kind) + (kind.equals("claude") ? ", allowed_tools: [Bash]"
                : ", sandbox: danger-full-access") + "}}";
    }

    private static String model(String kind) {
        return kind.equals("claude") ? ScriptedModelServer.MODEL_CLAUDE : ScriptedModelServer.MODEL_CODEX;
    }

    private static String mission(String agent) {
        return """
                tracker: {kind: local, directory: .orbitdock/issues}
                orchestration: {max_retries: 0, stall_timeout: 5m, base_branch: main}
                """ + agent;
    }
}
