package dev.orbitdock.workspace.ssh;

import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.ManagedLauncher;
import dev.orbitdock.workspace.DetachedInstance;
import dev.orbitdock.workspace.InstanceTiming;
import dev.orbitdock.workspace.ProvisioningDeadlines;
import dev.orbitdock.workspace.ProvisioningStep;
import dev.orbitdock.workspace.ProvisioningSteps;
import dev.orbitdock.workspace.RepoOrigin;
import dev.orbitdock.workspace.ResourceLabels;
import dev.orbitdock.workspace.SmokeStep;
import dev.orbitdock.workspace.SmokeSteps;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.RemoteWorkspaceProvider;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.function.Consumer;

import static dev.orbitdock.workspace.ShellQuote.quote;

/**
 * Workspaces on a pool of ssh hosts (Apache MINA SSHD client): a directory per workspace holding a clone on the
 * mission branch, the setup commands run there, and a detached {@code orbitdock start --managed} that replicates
 * its session back. The launch's environment (sync token, agent keys) goes in a 0600 file the start script deletes.
 * Each workspace directory holds a {@value #LABELS} file of {@code key=value} lines, the directory's
 * {@link ResourceLabels}, which is how {@link #list} finds OrbitDock's workspaces on the hosts again.
 */
public final class SshWorkspaceProvider implements RemoteWorkspaceProvider {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final String LABELS = "labels";
    /** Starts each workspace's block in {@link #list}'s output; no label line can start with it. */
    private static final String DIR_MARK = "@@ ";
    private static final ProvisioningDeadlines DEADLINES = ProvisioningDeadlines.DEFAULT;
    private static final Executor UPLOADS = Executors.newVirtualThreadPerTaskExecutor();

    private final SshSettings settings;
    private final SshConnector ssh;
    private final SshHostPool pool;
    private final ManagedLauncher launcher;
    private final InstanceTiming timing;
    private final Clock clock;

    public SshWorkspaceProvider(SshSettings settings, InstanceTiming timing) {
        this(settings, timing, Clock.systemUTC());
    }

    /** @param clock what step deadlines are measured with */
    public SshWorkspaceProvider(SshSettings settings, InstanceTiming timing, Clock clock) {
        this.settings = settings;
        this.ssh = new SshConnector(settings);
        this.pool = new SshHostPool(settings.hosts(), settings.maxPerHost());
        this.launcher = new ManagedLauncher(settings.orbitdockCommand());
        this.timing = timing;
        this.clock = clock;
    }

    @Override
    public WorkspaceKind kind() {
        return WorkspaceKind.SSH;
    }

    @Override
    public Workspace create(CreateWorkspaceRequest request) {
        SshHost host = pool.assign(request.workspaceId());
        Consumer<ProvisioningStep> progress = request.progress();
        String[] dir = new String[1];
        try {
            String root = quote(settings.workspaceRoot() + "/" + request.workspaceId());
            String labels = ResourceLabels.of(request).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()
                    + "\n").collect(Collectors.joining());
            ProvisioningSteps.run(progress, "creating", host.toString(), DEADLINES.creating(), clock, deadline -> {
                dir[0] = check(host, "mkdir -p " + root + "/run && cd " + root + " && cat > " + LABELS + " && pwd",
                        labels, deadline.remaining()).stdout().strip();
                return dir[0];
            });
            ManagedLauncher.Paths paths = ManagedLauncher.Paths.under(dir[0]);
            String url = RepoOrigin.cloneUrl(request.repoPath());
            ProvisioningSteps.run(progress, "cloning", url, DEADLINES.cloning(), clock, deadline -> check(host,
                    RepoOrigin.cloneScript(url, paths.workdir(), request.baseBranch(), request.branch(), ""), null,
                    deadline.remaining()).stdout());
            ProvisioningSteps.setup(request, clock, (command, timeout) -> check(host, "cd " + quote(paths.workdir())
                    + " && " + command, null, timeout).stdout());
            return new Workspace(request.workspaceId(), WorkspaceKind.SSH, Path.of(dir[0]), request.branch(),
                    host.toString());
        } catch (RuntimeException e) {
            if (dir[0] != null) {
                removeQuietly(host, dir[0]);
            }
            pool.release(request.workspaceId());
            throw e;
        }
    }

    @Override
    public AgentHandle startAgent(Workspace workspace, AgentLaunch launch) {
        SshHost host = SshHost.parse(workspace.externalId());
        ManagedLauncher.Paths paths = ManagedLauncher.Paths.under(workspace.path().toString());
        String prompt;
        try {
            prompt = Files.readString(launch.promptFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prompt " + launch.promptFile(), e);
        }
        // Each command is a round trip and a login shell on the host: the prompt and the settings go up side by
        // side, and the env file travels on the start command's own stdin.
        CompletableFuture<SshResult> promptUp = CompletableFuture.supplyAsync(() -> check(host, "umask 077 && cat > "
                + quote(paths.prompt()), prompt, COMMAND_TIMEOUT), UPLOADS);
        check(host, "cat > " + quote(paths.settings()), launch.settings().toString(), COMMAND_TIMEOUT);
        try {
            promptUp.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        String script = launcher.script(new ManagedLauncher.Start(launch.workspaceId(), launch.sessionId(),
                launch.missionIssueId(), launch.agentKind()), paths);
        // One simple command in the background: behind "cd … &&" it would run in a subshell, which keeps the
        // channel open until the instance ends and whose pid ($!) leads no process group.
        String pid = check(host, "(umask 077 && cat > " + quote(paths.env()) + ") && cd "
                + quote(workspace.path().toString()) + " || exit 1; setsid nohup sh -c "
                + quote(script) + " > " + quote(paths.log()) + " 2>&1 < /dev/null & echo $! | tee "
                + quote(pidFile(workspace)),
                ManagedLauncher.envFile(launch.env()), COMMAND_TIMEOUT).stdout().strip();
        return new DetachedInstance(command -> ssh.run(host, command, null, COMMAND_TIMEOUT).stdout(), host.toString(),
                Long.parseLong(pid), paths, timing.poll(), timing.killGrace());
    }

    @Override
    public WorkspaceStatus status(Workspace workspace) {
        SshHost host = SshHost.parse(workspace.externalId());
        String state = check(host, "if [ ! -d " + quote(workspace.path().toString()) + " ]; then echo destroyed;"
                + " else " + DetachedInstance.runningCheck(pidFile(workspace)) + " || echo ready; fi", null,
                COMMAND_TIMEOUT).stdout().strip();
        return switch (state) {
            case "destroyed" -> WorkspaceStatus.DESTROYED;
            case "running" -> WorkspaceStatus.RUNNING;
            default -> WorkspaceStatus.READY;
        };
    }

    /**
     * GRACEFUL: SIGTERM to the instance's group (it stops its agent and drains its outbox), waiting up to the drain
     * time; then, either way, SIGKILL to what is left and the directory removed.
     */
    @Override
    public void destroy(Workspace workspace, DestroyMode mode) {
        SshHost host = SshHost.parse(workspace.externalId());
        if (mode == DestroyMode.GRACEFUL) {
            ssh.run(host, DetachedInstance.terminateAndWait(pidFile(workspace), timing.drain()), null,
                    timing.drain().plusSeconds(10));
        }
        check(host, DetachedInstance.killGroup(pidFile(workspace)) + "; rm -rf " + quote(workspace.path().toString()),
                null, COMMAND_TIMEOUT);
        pool.release(workspace.id());
    }

    /**
     * Reads the labels file of every workspace directory on every host of the pool; each one found counts against
     * its host's cap from then on, so workspaces that outlived a restart are not forgotten by the pool.
     */
    @Override
    public List<Workspace> list(Map<String, String> labels) {
        String root = quote(settings.workspaceRoot());
        String script = "cd " + root + " 2>/dev/null || exit 0; for f in */" + LABELS + "; do [ -f \"$f\" ]"
                + " && echo \"" + DIR_MARK + "$(cd \"${f%/*}\" && pwd)\" && cat \"$f\"; done; true";
        List<Workspace> found = new ArrayList<>();
        for (SshHost host : settings.hosts()) {
            labelFiles(check(host, script, null, COMMAND_TIMEOUT).stdout()).forEach((path, carried) -> {
                pool.occupy(carried.get(ResourceLabels.WORKSPACE), host);
                if (ResourceLabels.matches(carried, labels)) {
                    found.add(ResourceLabels.workspace(carried, WorkspaceKind.SSH, Path.of(path), host.toString()));
                }
            });
        }
        return found;
    }

    /** The listing script's output: each workspace directory with the labels its file holds. */
    private static Map<String, Map<String, String>> labelFiles(String output) {
        Map<String, Map<String, String>> dirs = new LinkedHashMap<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith(DIR_MARK)) {
                current = new LinkedHashMap<>();
                dirs.put(line.substring(DIR_MARK.length()), current);
            } else if (line.contains("=")) {
                current.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        dirs.values().removeIf(carried -> !carried.containsKey(ResourceLabels.WORKSPACE));
        return dirs;
    }

    /**
     * Reaches every host: logs in, creates and removes a scratch directory, and runs {@code orbitdock --version}
     * there; stops at a host's first failure and goes on with the next host.
     */
    @Override
    public List<SmokeStep> smokeTest() {
        List<SmokeStep> steps = new ArrayList<>();
        for (SshHost host : settings.hosts()) {
            String scratch = settings.workspaceRoot() + "/.smoke-test-" + ProcessHandle.current().pid();
            boolean ok = SmokeSteps.time(steps, host + ": log in and create " + scratch, () -> check(host, "mkdir -p "
                    + quote(scratch) + " && cd " + quote(scratch) + " && pwd", null, COMMAND_TIMEOUT).stdout())
                    && SmokeSteps.time(steps, host + ": " + settings.orbitdockCommand() + " --version", () -> check(host,
                    settings.orbitdockCommand() + " --version", null, COMMAND_TIMEOUT).stdout());
            if (ok) {
                SmokeSteps.time(steps, host + ": remove " + scratch, () -> check(host, "rm -rf " + quote(scratch), null,
                        COMMAND_TIMEOUT).stdout());
            }
        }
        return steps;
    }

    @Override
    public void close() {
        ssh.close();
    }

    private static String pidFile(Workspace workspace) {
        return workspace.path() + "/run/pid";
    }

    private SshResult check(SshHost host, String command, String stdin, Duration timeout) {
        SshResult result = ssh.run(host, command, stdin, timeout);
        if (!result.ok()) {
            throw new WorkspaceException("ssh_command_failed", "on " + host + ": " + result.reason(), null, null);
        }
        return result;
    }

    private void removeQuietly(SshHost host, String dir) {
        try {
            ssh.run(host, "rm -rf " + quote(dir), null, COMMAND_TIMEOUT);
        } catch (RuntimeException e) {
            // the create's own failure is what the caller needs to see
        }
    }
}
