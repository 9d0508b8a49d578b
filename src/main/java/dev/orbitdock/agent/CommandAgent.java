package dev.orbitdock.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code command} agent: runs {@code agent.command.run} in the workspace with the prompt file as its last
 * argument ({@code $1} for a shell string) and in {@code ORBITDOCK_PROMPT_FILE}. stdout lines become {@code output}
 * rows ({@code {"text": …}}) or, when a line is a JSON object, {@code event} rows holding that object; stderr lines
 * become {@code stderr} rows. Every line counts as progress.
 */
public final class CommandAgent implements AgentRunner {
    public static final String KIND = "command";

    /**
     * @param killGrace    how long a killed or timed-out agent gets between SIGTERM and SIGKILL
     * @param drainTimeout how long to wait for the rest of the output once the agent's process has exited
     */
    public record Options(Duration killGrace, Duration drainTimeout) {
        public static final Options DEFAULTS = new Options(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private final SessionRecorder recorder;
    private final Options options;

    public CommandAgent(SessionRecorder recorder) {
        this(recorder, Options.DEFAULTS);
    }

    public CommandAgent(SessionRecorder recorder, Options options) {
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
        if (!Files.isDirectory(launch.workdir())) {
            throw new AgentStartException("working directory " + launch.workdir() + " does not exist", null, null);
        }
        if (!Files.isReadable(launch.promptFile())) {
            throw new AgentStartException("prompt file " + launch.promptFile() + " is not readable", null, null);
        }
        ProcessBuilder builder = new ProcessBuilder(argv(settings, launch))
                .directory(launch.workdir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        environment(builder.environment(), launch, settings);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AgentStartException("cannot start the command agent: " + e.getMessage(),
                    "check agent.command.run in MISSION.md", e);
        }
        try {
            recorder.start(launch, KIND);
        } catch (RuntimeException e) {
            ProcessTree.terminate(process.toHandle(), options.killGrace());
            throw new AgentStartException("cannot record session " + launch.sessionId() + ": " + e.getMessage(),
                    null, e);
        }
        CommandRun run = new CommandRun(process, launch.sessionId(), recorder, settings.timeout(), options);
        run.begin();
        return run;
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

    /**
     * Inherited environment (less the sync token), then the launch's, then the mission's {@code env}; the
     * {@code ORBITDOCK_*} ids come last so neither can point the agent at another session.
     */
    private static void environment(Map<String, String> env, AgentLaunch launch, CommandSettings settings) {
        env.remove(AgentLaunch.SYNC_TOKEN_ENV);
        env.putAll(launch.env());
        env.putAll(settings.env());
        env.put("ORBITDOCK_PROMPT_FILE", launch.promptFile().toString());
        env.put("ORBITDOCK_SESSION_ID", launch.sessionId());
        putOrRemove(env, "ORBITDOCK_WORKSPACE_ID", launch.workspaceId());
        putOrRemove(env, "ORBITDOCK_MISSION_ISSUE_ID", launch.missionIssueId());
    }

    /** Removing an unset id keeps one inherited from our own environment from leaking into the agent's. */
    private static void putOrRemove(Map<String, String> env, String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
    }
}
