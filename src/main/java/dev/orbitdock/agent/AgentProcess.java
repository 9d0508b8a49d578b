package dev.orbitdock.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Function;

/** Starts an agent's process in its workspace and records its session: what every process agent shares. */
final class AgentProcess {
    private AgentProcess() {}

    /**
     * Checks the workspace, starts the process, creates the session row, calls {@link OutputHandler#started()},
     * then pumps the output through the handler.
     *
     * @throws AgentStartException when the workspace is unusable or the process cannot be started
     */
    static AgentHandle start(SessionRecorder recorder, ProcessOptions options, AgentLaunch launch, ProcessSpec spec,
                             Function<String, OutputHandler> outputForSession) {
        if (!Files.isDirectory(launch.workdir())) {
            throw new AgentStartException("working directory " + launch.workdir() + " does not exist", null, null);
        }
        if (!Files.isReadable(launch.promptFile())) {
            throw new AgentStartException("prompt file " + launch.promptFile() + " is not readable", null, null);
        }
        File stdin = spec.promptOnStdin() ? launch.promptFile().toFile() : new File("/dev/null");
        ProcessBuilder builder = new ProcessBuilder(spec.argv())
                .directory(launch.workdir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(stdin));
        environment(builder.environment(), launch, spec);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AgentStartException("cannot start the " + spec.kind() + " agent: " + e.getMessage(),
                    spec.startHint(), e);
        }
        OutputHandler output = outputForSession.apply(launch.sessionId());
        try {
            recorder.start(launch, spec.kind());
            output.started();
        } catch (RuntimeException e) {
            ProcessTree.terminate(process.toHandle(), options.killGrace());
            throw new AgentStartException("cannot record session " + launch.sessionId() + ": " + e.getMessage(),
                    null, e);
        }
        ProcessRun run = new ProcessRun(process, launch.sessionId(), recorder, output, spec.timeout(), options);
        run.begin();
        return run;
    }

    /**
     * Inherited environment (less the sync token), then the spec's defaults, the launch's, the spec's overrides;
     * the {@code ORBITDOCK_*} ids come last so nothing can point the agent at another session.
     */
    static void environment(Map<String, String> env, AgentLaunch launch, ProcessSpec spec) {
        env.remove(AgentLaunch.SYNC_TOKEN_ENV);
        env.putAll(spec.defaultEnv());
        env.putAll(launch.env());
        env.putAll(spec.overrideEnv());
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
