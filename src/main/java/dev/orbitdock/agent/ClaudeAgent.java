package dev.orbitdock.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code claude} agent: Claude Code in print mode, {@code claude -p --output-format stream-json --verbose},
 * credentials ({@code ANTHROPIC_API_KEY}, {@code ANTHROPIC_BASE_URL}) only in the environment, output normalised
 * by {@link ClaudeEvents}.
 */
public final class ClaudeAgent extends CliAgent {
    public static final String KIND = "claude";
    /** The major line of the pinned CLI the tests run (tools/agent-clis): its stream-json is what we parse. */
    static final String MINIMUM_VERSION = "2.0.0";

    public ClaudeAgent(SessionRecorder recorder, ProcessOptions options, AgentEnvironment environment) {
        super(KIND, "npm install -g @anthropic-ai/claude-code", MINIMUM_VERSION, recorder, options, environment);
    }

    @Override
    Invocation invocation(AgentLaunch launch) {
        ClaudeSettings settings = ClaudeSettings.from(launch.settings());
        return new Invocation(settings.executable(), settings.env(), settings.timeout(),
                executable -> argv(executable, settings, launch), new ClaudeEvents());
    }

    static List<String> argv(String executable, ClaudeSettings settings, AgentLaunch launch) {
        List<String> argv = new ArrayList<>(List.of(executable, "-p", "--output-format", "stream-json", "--verbose",
                "--permission-mode", settings.permissionMode()));
        if (settings.model() != null) {
            argv.addAll(List.of("--model", settings.model()));
        }
        if (settings.mcpConfig() != null) {
            argv.addAll(List.of("--mcp-config", launch.workdir().resolve(settings.mcpConfig()).toString()));
        }
        if (settings.appendSystemPrompt() != null) {
            argv.addAll(List.of("--append-system-prompt", settings.appendSystemPrompt()));
        }
        if (launch.resumeSessionId() != null) {
            argv.addAll(List.of("--resume", launch.resumeSessionId()));
        }
        // Variadic options last, one tool per argument: a pattern such as "Bash(git *)" holds a space.
        if (!settings.allowedTools().isEmpty()) {
            argv.add("--allowedTools");
            argv.addAll(settings.allowedTools());
        }
        if (!settings.disallowedTools().isEmpty()) {
            argv.add("--disallowedTools");
            argv.addAll(settings.disallowedTools());
        }
        return argv;
    }
}
