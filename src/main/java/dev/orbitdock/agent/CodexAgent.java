package dev.orbitdock.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code codex} agent: {@code codex exec --json} reading the prompt from stdin ({@code -}), credentials
 * ({@code OPENAI_API_KEY}, or the key a configured provider names) only in the environment, output normalised by
 * {@link CodexEvents}.
 */
public final class CodexAgent extends CliAgent {
    public static final String KIND = "codex";

    public CodexAgent(SessionRecorder recorder, ProcessOptions options, AgentEnvironment environment) {
        super(KIND, "npm install -g @openai/codex", "0.169.0", recorder, options, environment);
    }

    @Override
    Invocation invocation(AgentLaunch launch) {
        CodexSettings settings = CodexSettings.from(launch.settings());
        return new Invocation(settings.executable(), settings.env(), settings.timeout(),
                executable -> argv(executable, settings, launch), new CodexEvents(settings.model()));
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
