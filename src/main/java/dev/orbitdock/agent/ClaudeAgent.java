package dev.orbitdock.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code claude} agent: Claude Code in print mode, {@code claude -p --output-format stream-json --verbose},
 * with the prompt on stdin (so it appears in no process listing) and credentials ({@code ANTHROPIC_API_KEY},
 * {@code ANTHROPIC_BASE_URL}) only in the environment. Output is normalised by {@link ClaudeEvents}.
 */
public final class ClaudeAgent implements AgentRunner {
    public static final String KIND = "claude";
    static final String INSTALL = "npm install -g @anthropic-ai/claude-code";

    private final SessionRecorder recorder;
    private final ProcessOptions options;
    private final AgentEnvironment environment;

    public ClaudeAgent(SessionRecorder recorder, ProcessOptions options, AgentEnvironment environment) {
        this.recorder = recorder;
        this.options = options;
        this.environment = environment;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public AgentHandle start(AgentLaunch launch) {
        ClaudeSettings settings = ClaudeSettings.from(launch.settings());
        Map<String, String> defaults = environment.forKind(KIND);
        String executable = CliExecutable.resolve(settings.executable(), launch.workdir(),
                List.of(defaults, launch.env(), settings.env()), KIND, INSTALL);
        ProcessSpec spec = new ProcessSpec(KIND, argv(executable, settings, launch), defaults, settings.env(), true,
                settings.timeout(), "check agent.claude in MISSION.md");
        String prompt = CliPrompt.read(launch);
        return AgentProcess.start(recorder, options, launch, spec,
                sessionId -> new NormalisedOutput(recorder, sessionId, prompt, new ClaudeEvents()));
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
