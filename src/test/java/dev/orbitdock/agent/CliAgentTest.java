package dev.orbitdock.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.Json;
import dev.orbitdock.testing.AgentClis;
import dev.orbitdock.testing.ModelStep;
import dev.orbitdock.testing.ScriptedModelServer;
import dev.orbitdock.testing.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The claude and codex agents running the real CLIs (installed by the build) against the scripted model. */
class CliAgentTest {
    @TempDir
    Path dir;

    private TestStore store;
    private Path repo;
    private Path prompt;

    /** What differs between the two CLIs in these tests. */
    enum Cli {
        CLAUDE(ClaudeAgent::new, AgentClis::claudeEnv, ScriptedModelServer.MODEL_CLAUDE, "allowed_tools", "[\"Bash\"]"),
        CODEX(CodexAgent::new, AgentClis::codexEnv, ScriptedModelServer.MODEL_CODEX, "sandbox",
                "\"danger-full-access\"");

        static final ProcessOptions OPTIONS = new ProcessOptions(Duration.ofSeconds(2), Duration.ofSeconds(5));

        interface Runner {
            AgentRunner create(SessionRecorder recorder, ProcessOptions options, AgentEnvironment environment);
        }

        interface Env {
            Map<String, String> of(ScriptedModelServer server, Path home) throws IOException;
        }

        private final Runner runner;
        private final Env env;
        private final String model;
        private final String extraKey;
        private final String extraJson;

        Cli(Runner runner, Env env, String model, String extraKey, String extraJson) {
            this.runner = runner;
            this.env = env;
            this.model = model;
            this.extraKey = extraKey;
            this.extraJson = extraJson;
        }

        AgentRunner runner(SessionRecorder recorder, ScriptedModelServer server, Path home) throws IOException {
            Map<String, String> environment = env.of(server, home);
            return runner.create(recorder, OPTIONS, kind -> environment);
        }

        /** The real CLI, the scripted model, and what this CLI needs to run the tool calls (see the constants). */
        ObjectNode settings() throws IOException {
            ObjectNode settings = JsonNodeFactory.instance.objectNode()
                    .put("executable", AgentClis.executable(kind()).toString()).put("model", model);
            settings.set(extraKey, Json.mapper().readTree(extraJson));
            return settings;
        }

        String kind() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @BeforeEach
    void open() throws Exception {
        store = TestStore.open(dir);
        repo = Files.createDirectories(dir.resolve("repo"));
        git("init", "-q", "-b", "main");
        git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "init");
        prompt = Files.writeString(dir.resolve("prompt.md"), "Add hello.txt and commit it.\n");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @ParameterizedTest
    @EnumSource(Cli.class)
    void editsAFileAndCommitsAndRecordsTheWholeConversation(Cli cli) throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(List.of(
                new ModelStep.Shell(AgentFixtureRecorder.COMMIT), new ModelStep.Text("Committed hello.txt.")))) {
            AgentExit exit = start(cli, server, cli.settings()).exit().get(90, TimeUnit.SECONDS);

            assertThat(exit.succeeded()).as(exit.reason()).isTrue();
            assertThat(git("log", "--format=%s")).startsWith("Add hello.txt");
            // stderr rows (codex warns about its home under the temp dir) may come in between.
            assertThat(types().stream().filter(type -> !type.equals("stderr")).toList()).containsExactly(
                    "user_prompt", "system", "tool_call", "tool_result", "assistant", "usage");
            assertThat(SessionRows.ofType(store, "s1", "user_prompt"))
                    .containsExactly("{\"text\":\"Add hello.txt and commit it.\\n\"}");
            assertThat(SessionRows.ofType(store, "s1", "assistant")).last().asString()
                    .contains("Committed hello.txt.");
            assertThat(SessionRows.ofType(store, "s1", "tool_call")).singleElement().asString()
                    .contains("git add hello.txt");
            assertThat(store.count("SELECT sum(input_tokens) FROM token_usage WHERE session_id = 's1'"))
                    .isPositive();
            assertThat(store.string("SELECT status || ' ' || (external_session_id IS NOT NULL) || ' ' || model"
                    + " || ' ' || (last_progress_at IS NOT NULL) FROM sessions WHERE id = 's1'"))
                    .isEqualTo("ended 1 " + cli.model + " 1");
            // The credential reached the model API through the environment.
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.credential()).contains("-test-key"));
        }
    }

    @ParameterizedTest
    @EnumSource(Cli.class)
    void aModelErrorEndsTheRunAsFailedWithAnErrorRow(Cli cli) throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(List.of(new ModelStep.Fail(400,
                "this model is not available to you")))) {
            AgentExit exit = start(cli, server, cli.settings()).exit().get(90, TimeUnit.SECONDS);

            assertThat(exit.succeeded()).isFalse();
            assertThat(SessionRows.ofType(store, "s1", "error")).last().asString()
                    .contains("this model is not available to you");
            assertThat(store.string("SELECT status FROM sessions WHERE id = 's1'")).isEqualTo("ended");
        }
    }

    @ParameterizedTest
    @EnumSource(Cli.class)
    void aCliKilledMidTurnEndsAsKilled(Cli cli) throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(List.of(new ModelStep.Shell("sleep 600")))) {
            AgentHandle handle = start(cli, server, cli.settings());
            await().atMost(Duration.ofSeconds(60)).until(() -> types().contains("tool_call"));

            handle.kill();

            AgentExit exit = handle.exit().get(30, TimeUnit.SECONDS);
            assertThat(exit.killed()).isTrue();
            assertThat(ProcessHandle.of(handle.pid()).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(store.string("SELECT end_reason FROM sessions WHERE id = 's1'")).isEqualTo("killed");
        }
    }

    @ParameterizedTest
    @EnumSource(Cli.class)
    void aMissingCliFailsTheStartWithHowToInstallIt(Cli cli) throws Exception {
        try (ScriptedModelServer server = new ScriptedModelServer(List.of(new ModelStep.Text("unused")))) {
            ObjectNode settings = JsonNodeFactory.instance.objectNode().put("executable", "no-such-" + cli.kind());

            assertThatThrownBy(() -> start(cli, server, settings)).isInstanceOf(AgentStartException.class)
                    .hasMessage(cli.kind() + " CLI not found; install with `npm install -g "
                            + (cli == Cli.CLAUDE ? "@anthropic-ai/claude-code" : "@openai/codex") + "`");
            assertThat(store.count("SELECT count(*) FROM sessions")).isZero();
        }
    }

    private AgentHandle start(Cli cli, ScriptedModelServer server, ObjectNode settings) throws IOException {
        SessionRecorder recorder = new SessionRecorder(store.writer(), IdGenerator.random(), Clock.systemUTC());
        return cli.runner(recorder, server, dir.resolve("home")).start(new AgentLaunch(cli.kind(), "s1", "ws-1",
                null, repo, prompt, Map.of(), settings));
    }

    private List<String> types() {
        return SessionRows.of(store, "s1").stream().map(SessionRows.Row::type).toList();
    }

    private String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
    }
}
