package dev.orbitdock.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code command} agent: runs {@code agent.command.run} in the workspace with the prompt file as its last
 * argument ({@code $1} for a shell string) and in {@code ORBITDOCK_PROMPT_FILE}; its output becomes rows as
 * {@link CommandOutput} says.
 */
public final class CommandAgent implements AgentRunner {
    public static final String KIND = "command";

    private final SessionRecorder recorder;
    private final ProcessOptions options;

    public CommandAgent(SessionRecorder recorder) {
        this(recorder, ProcessOptions.DEFAULTS);
    }

    public CommandAgent(SessionRecorder recorder, ProcessOptions options) {
        this.recorder = recorder;
        this.options = options;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public AgentHandle start(AgentLaunch launch) {
        CommandSettings settings = CommandSettings.from(launch.settings());
        ProcessSpec spec = new ProcessSpec(KIND, argv(settings, launch), Map.of(), settings.env(), false,
                settings.timeout(), "check agent.command.run in MISSION.md");
        return AgentProcess.start(recorder, options, launch, spec, sessionId -> new CommandOutput(recorder, sessionId));
    }

    /** {@code sh -c <run> sh <prompt>} makes the prompt {@code $1}; an argv array simply gets it appended. */
    private static List<String> argv(CommandSettings settings, AgentLaunch launch) {
        List<String> argv = new ArrayList<>();
        if (settings.shell()) {
            argv.addAll(List.of("sh", "-c", settings.command().getFirst(), "sh"));
        } else {
            argv.addAll(settings.command());
        }
        argv.add(launch.promptFile().toString());
        return argv;
    }
}
