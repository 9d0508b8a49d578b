package dev.orbitdock.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code codex} agent: {@code codex exec --json}, with the prompt on stdin ({@code -}) and credentials
 * ({@code OPENAI_API_KEY}, or a provider's key named in its config) only in the environment. Output is normalised
 * by {@link CodexEvents}.
 */
public final class CodexAgent implements AgentRunner {
    public static final String KIND = "codex";
    static final String INSTALL = "npm install -g @openai/codex";

    private final SessionRecorder recorder;
    private final ProcessOptions options;
    private final AgentEnvironment environment;

    public CodexAgent(SessionRecorder recorder, ProcessOptions options, AgentEnvironment environment) {
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
        CodexSettings settings = CodexSettings.from(launch.settings());
        Map<String, String> defaults = environment.forKind(KIND);
        String executable = CliExecutable.resolve(settings.executable(), launch.workdir(),
                List.of(defaults, launch.env(), settings.env()), KIND, INSTALL);
        ProcessSpec spec = new ProcessSpec(KIND, argv(executable, settings, launch), defaults, settings.env(), true,
                settings.timeout(), "check agent.codex in MISSION.md");
        String prompt = CliPrompt.read(launch);
        return AgentProcess.start(recorder, options, launch, spec,
                sessionId -> new NormalisedOutput(recorder, sessionId, prompt, new CodexEvents(settings.model())));
    }

    static List<String> argv(String executable, CodexSettings settings, AgentLaunch launch) {
        List<String> argv = new ArrayList<>(List.of(executable, "exec", "--json", "--sandbox", settings.sandbox(),
                "-c", "approval_policy=\"" + settings.approvalPolicy() + "\""));
        if (settings.model() != null) {
            argv.addAll(List.of("--model", settings.model()));
        }
        settings.config().forEach((key, value) -> argv.addAll(List.of("-c", key + "=" + value)));
        if (launch.resumeSessionId() != null) {
            argv.addAll(List.of("resume", launch.resumeSessionId()));
        }
        argv.add("-"); // the prompt is on stdin
        return argv;
    }
}
