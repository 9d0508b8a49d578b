package dev.orbitdock.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The real claude and codex CLIs the build installs (tools/agent-clis, pinned), and the environment that points
 * them at a {@link ScriptedModelServer} with a home of their own and no traffic anywhere else.
 */
public final class AgentClis {
    private AgentClis() {}

    /** The CLI's path; skips the test when the build was told not to install the CLIs ({@code -DskipAgentClis}). */
    public static Path executable(String name) {
        assumeFalse(Boolean.getBoolean("orbitdock.agentClis.skip"), "agent CLIs not installed (-DskipAgentClis)");
        String bin = System.getProperty("orbitdock.agentClis.bin");
        assertThat(bin).as("orbitdock.agentClis.bin (set by the Maven build)").isNotBlank();
        Path path = Path.of(bin, name).toAbsolutePath();
        assertThat(Files.isExecutable(path)).as(path + " is installed").isTrue();
        return path;
    }

    /**
     * MISSION.md's agent section (YAML flow style) for the CLI of this kind against the server, with its home in
     * {@code home}.
     */
    public static String missionAgent(String kind, ScriptedModelServer server, Path home) throws IOException {
        boolean claude = kind.equals("claude");
        String env = (claude ? claudeEnv(server, home) : codexEnv(server, home)).entrySet().stream()
                .map(e -> e.getKey() + ": \"" + e.getValue() + "\"").collect(Collectors.joining(", ", "{", "}"));
        return "{kind: %s, %s: {executable: \"%s\", model: %s, env: %s}}".formatted(kind, kind, executable(kind),
                claude ? ScriptedModelServer.MODEL_CLAUDE : ScriptedModelServer.MODEL_CODEX, env);
    }

    /**
     * A script calling MCP tools as the model behind this CLI does: codex's (e.g. gpt-5.5) first finds them with
     * codex's tool search, since codex defers MCP tools for the models it knows.
     */
    public static List<ModelStep> mcpScript(String kind, ModelStep... steps) {
        List<ModelStep> script = new ArrayList<>();
        if (kind.equals("codex")) {
            script.add(new ModelStep.ToolSearch("orbitdock mission tools"));
        }
        script.addAll(List.of(steps));
        return script;
    }

    /** Claude Code against the server, with its home in {@code home} and its non-essential traffic off. */
    public static Map<String, String> claudeEnv(ScriptedModelServer server, Path home) throws IOException {
        Files.createDirectories(home);
        return Map.of("HOME", home.toString(),
                "ANTHROPIC_BASE_URL", server.anthropicBaseUrl(),
                "ANTHROPIC_API_KEY", "sk-ant-test-key",
                "DISABLE_TELEMETRY", "1",
                "DISABLE_ERROR_REPORTING", "1",
                "DISABLE_AUTOUPDATER", "1",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    }

    /**
     * Codex against the server: a {@code CODEX_HOME} whose config.toml selects a {@code model_providers} entry with
     * the server's base URL, analytics off.
     */
    public static Map<String, String> codexEnv(ScriptedModelServer server, Path home) throws IOException {
        Path codexHome = Files.createDirectories(home.resolve(".codex"));
        Files.writeString(codexHome.resolve("config.toml"), """
                model_provider = "scripted"

                [model_providers.scripted]
                name = "scripted"
                base_url = "%s"
                env_key = "OPENAI_API_KEY"
                wire_api = "responses"

                [analytics]
                enabled = false
                """.formatted(server.openaiBaseUrl()));
        return Map.of("HOME", home.toString(),
                "CODEX_HOME", codexHome.toString(),
                "OPENAI_API_KEY", "sk-openai-test-key");
    }
}
