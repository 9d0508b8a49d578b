package dev.orbitdock.workspace;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How every remote provider starts {@code orbitdock start --managed} on the workspace machine (ARCHITECTURE §6):
 * the token and agent keys travel in an environment file written with mode 0600, which the start script reads and
 * deletes before anything else runs; the command line holds only ids and paths. The script records the instance's
 * exit status in a file, because a detached process has no one to report it to.
 */
public final class ManagedLauncher {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Remote paths of one run, all inside the workspace directory. */
    public record Paths(String workdir, String dataDir, String prompt, String settings, String env, String log,
                        String exitStatus) {
        public static Paths under(String workspaceDir) {
            String run = workspaceDir + "/run";
            return new Paths(workspaceDir + "/repo", workspaceDir + "/data", run + "/prompt.md", run + "/agent.json",
                    run + "/env", run + "/managed.log", run + "/exit-status");
        }
    }

    /** Ids of the run; {@code missionIssueId} may be null. */
    public record Start(String workspaceId, String sessionId, String missionIssueId, String agentKind) {
        public Start {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(agentKind, "agentKind");
        }
    }

    private final String orbitdockCommand;

    /** @param orbitdockCommand how to run OrbitDock on the workspace machine, e.g. {@code orbitdock} */
    public ManagedLauncher(String orbitdockCommand) {
        this.orbitdockCommand = Objects.requireNonNull(orbitdockCommand, "orbitdockCommand");
    }

    /**
     * The {@code sh} script that runs the managed instance in the foreground of its own session; the caller
     * detaches it. The sync URL and generation come from the environment file with the token.
     */
    public String script(Start start, Paths paths) {
        StringBuilder command = new StringBuilder(orbitdockCommand)
                .append(" start --managed --workspace-id ").append(ShellQuote.quote(start.workspaceId()))
                .append(" --session-id ").append(ShellQuote.quote(start.sessionId()))
                .append(" --provider ").append(ShellQuote.quote(start.agentKind()))
                .append(" --prompt-file ").append(ShellQuote.quote(paths.prompt()))
                .append(" --agent-settings ").append(ShellQuote.quote(paths.settings()))
                .append(" --workdir ").append(ShellQuote.quote(paths.workdir()))
                .append(" --data-dir ").append(ShellQuote.quote(paths.dataDir()))
                .append(" --bind 127.0.0.1:0");
        if (start.missionIssueId() != null) {
            command.append(" --mission-issue-id ").append(ShellQuote.quote(start.missionIssueId()));
        }
        String env = ShellQuote.quote(paths.env());
        return "set -a; . " + env + "; set +a; rm -f " + env + "\n"
                + command + "\n"
                + "echo $? > " + ShellQuote.quote(paths.exitStatus()) + "\n";
    }

    /** {@code NAME='value'} lines for the environment file. */
    public static String envFile(Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        env.forEach((name, value) -> {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not an environment variable name: " + name);
            }
            out.append(name).append('=').append(ShellQuote.quote(value)).append('\n');
        });
        return out.toString();
    }
}
