package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orbitdock.testing.AgentClis;
import dev.orbitdock.testing.ModelStep;
import dev.orbitdock.testing.ScriptedModelServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Re-records the JSONL fixtures under {@code src/test/resources/agent/} from the real CLIs against the scripted
 * model server, with the same command lines the agents use. Temp paths (and Claude Code's project slug of them) are
 * replaced by {@code /workspace} and
 * {@code /home/agent} so the fixtures hold nothing of the machine they were recorded on. Run after changing the
 * pinned CLI versions:
 * {@code java -Dorbitdock.agentClis.bin=target/agent-clis/node_modules/.bin -cp <test classpath>
 * dev.orbitdock.agent.AgentFixtureRecorder src/test/resources/agent}
 */
public final class AgentFixtureRecorder {
    private AgentFixtureRecorder() {}

    static final String COMMIT = "echo hello > hello.txt && git add hello.txt"
            + " && git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m 'Add hello.txt'";

    /** The scenarios, by fixture name. */
    static final Map<String, List<ModelStep>> SCENARIOS = Map.of(
            "text", List.of(new ModelStep.Text("The answer is 42.")),
            "tool-commit", List.of(new ModelStep.Shell(COMMIT), new ModelStep.Text("Committed hello.txt.")),
            "model-error", List.of(new ModelStep.Fail(400, "prompt is too long: 250000 tokens > 200000 maximum")));

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        for (var scenario : SCENARIOS.entrySet()) {
            record(out.resolve("claude").resolve(scenario.getKey() + ".jsonl"), "claude", scenario.getValue());
            record(out.resolve("codex").resolve(scenario.getKey() + ".jsonl"), "codex", scenario.getValue());
        }
    }

    private static void record(Path target, String kind, List<ModelStep> script) throws Exception {
        Path tmp = Files.createTempDirectory("orbitdock-fixture");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path home = tmp.resolve("home");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m",
                "init");
        Path prompt = Files.writeString(tmp.resolve("prompt.md"), "Add hello.txt and commit it.\n");
        try (ScriptedModelServer server = new ScriptedModelServer(script)) {
            AgentLaunch launch = new AgentLaunch(kind, "s-1", null, null, repo, prompt, Map.of(),
                    JsonNodeFactory.instance.objectNode());
            List<String> argv;
            Map<String, String> env;
            if (kind.equals("claude")) {
                ClaudeSettings settings = ClaudeSettings.from(JsonNodeFactory.instance.objectNode()
                        .put("model", ScriptedModelServer.MODEL_CLAUDE)
                        .set("allowed_tools", JsonNodeFactory.instance.arrayNode().add("Bash")));
                argv = ClaudeAgent.argv(AgentClis.executable("claude").toString(), settings, launch);
                env = AgentClis.claudeEnv(server, home);
            } else {
                CodexSettings settings = CodexSettings.from(JsonNodeFactory.instance.objectNode()
                        .put("model", ScriptedModelServer.MODEL_CODEX).put("sandbox", "danger-full-access"));
                argv = CodexAgent.argv(AgentClis.executable("codex").toString(), settings, launch);
                env = AgentClis.codexEnv(server, home);
            }
            ProcessBuilder builder = new ProcessBuilder(argv).directory(repo.toFile())
                    .redirectInput(prompt.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(env);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            String clean = output.replace(repo.toString().replace('/', '-'), "-workspace")
                    .replace(repo.toString(), "/workspace").replace(home.toString(), "/home/agent");
            Files.createDirectories(target.getParent());
            Files.writeString(target, clean);
            System.out.println(target + ": " + clean.lines().count() + " lines, exit " + process.exitValue());
        }
    }

    private static void git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
