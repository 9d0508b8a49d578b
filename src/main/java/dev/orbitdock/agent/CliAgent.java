package dev.orbitdock.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An agent that is a coding CLI printing one JSON event per line: it is found before anything starts (a missing
 * install fails with how to install it), gets the prompt on stdin (so it appears in no process listing) and
 * OrbitDock's environment for its kind (credentials) below the launch's, and its output is normalised by its
 * mapper. Claude Code and Codex differ only in what {@link #invocation} says.
 */
abstract sealed class CliAgent implements AgentRunner permits ClaudeAgent, CodexAgent {
    private final CliExecutable.Requirement cli;
    private final SessionRecorder recorder;
    private final ProcessOptions options;
    private final AgentEnvironment environment;

    /**
     * One start, read from the agent's MISSION.md section.
     *
     * @param executable as configured (a bare name is looked up on PATH)
     * @param env        the section's {@code env}, above the launch's
     * @param argv       the command line for the resolved executable
     */
    record Invocation(String executable, Map<String, String> env, Duration timeout,
                      Function<String, List<String>> argv, AgentEventMapper mapper) {}

    /**
     * @param install the install command shown when the CLI is missing or too old
     * @param minimum the oldest version of the CLI whose flags and output OrbitDock knows
     */
    CliAgent(String kind, String install, String minimum, SessionRecorder recorder, ProcessOptions options,
             AgentEnvironment environment) {
        this.cli = new CliExecutable.Requirement(kind, install, CliVersion.of(minimum));
        this.recorder = recorder;
        this.options = options;
        this.environment = environment;
    }

    /** @throws AgentStartException when the section is invalid */
    abstract Invocation invocation(AgentLaunch launch);

    @Override
    public final String kind() {
        return cli.kind();
    }

    @Override
    public final AgentHandle start(AgentLaunch launch) {
        Invocation invocation = invocation(launch);
        Map<String, String> defaults = environment.forKind(cli.kind());
        String executable = CliExecutable.resolve(invocation.executable(), launch.workdir(),
                List.of(defaults, launch.env(), invocation.env()), cli);
        ProcessSpec spec = new ProcessSpec(cli.kind(), invocation.argv().apply(executable), defaults, invocation.env(),
                true, invocation.timeout(), "check agent." + cli.kind() + " in MISSION.md");
        String prompt = prompt(launch);
        return AgentProcess.start(recorder, options, launch, spec,
                sessionId -> new NormalisedOutput(recorder, sessionId, prompt, invocation.mapper()));
    }

    /** The rendered prompt, read once for the session's first row (the CLIs get it on stdin and do not echo it). */
    private static String prompt(AgentLaunch launch) {
        try {
            return Files.readString(launch.promptFile());
        } catch (IOException e) {
            throw new AgentStartException("prompt file " + launch.promptFile() + " is not readable: "
                    + e.getMessage(), null, e);
        }
    }
}
