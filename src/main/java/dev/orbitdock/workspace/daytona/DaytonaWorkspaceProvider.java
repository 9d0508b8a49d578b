package dev.orbitdock.workspace.daytona;

import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.DetachedInstance;
import dev.orbitdock.workspace.InstanceTiming;
import dev.orbitdock.workspace.ManagedLauncher;
import dev.orbitdock.workspace.ProvisioningDeadlines;
import dev.orbitdock.workspace.ProvisioningStep;
import dev.orbitdock.workspace.ProvisioningSteps;
import dev.orbitdock.workspace.RepoOrigin;
import dev.orbitdock.workspace.ResourceLabels;
import dev.orbitdock.workspace.SmokeStep;
import dev.orbitdock.workspace.SmokeSteps;
import dev.orbitdock.workspace.StepDeadline;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.RemoteWorkspaceProvider;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.orbitdock.workspace.ShellQuote.quote;

/**
 * Workspaces in Daytona sandboxes: one labelled sandbox per workspace, the repo cloned there on the mission branch,
 * the setup commands run through the toolbox, and a detached {@code orbitdock start --managed} (started in a
 * toolbox session) that replicates its session back. The launch's environment goes in a 0600 file the start script
 * deletes. A create that fails, or passes a step's deadline ({@code creating} has {@code daytona_create_timeout}),
 * deletes its sandbox. While the instance runs, each poll of it renews the sandbox's idle timer at most once a
 * minute, so Daytona does not stop a sandbox whose agent is busy but quiet.
 */
public final class DaytonaWorkspaceProvider implements RemoteWorkspaceProvider {
    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final Duration RENEW_EVERY = Duration.ofMinutes(1);

    private final DaytonaSettings settings;
    private final DaytonaClient client;
    private final ManagedLauncher launcher;
    private final InstanceTiming timing;
    private final String gitToken;
    private final ProvisioningDeadlines deadlines;
    private final Clock clock;

    /** @param gitToken for private clones over https (may be null) */
    public DaytonaWorkspaceProvider(DaytonaSettings settings, String gitToken, InstanceTiming timing) {
        this(settings, gitToken, timing, Clock.systemUTC());
    }

    /** @param clock what step deadlines and idle-timer renewals are measured with */
    public DaytonaWorkspaceProvider(DaytonaSettings settings, String gitToken, InstanceTiming timing, Clock clock) {
        this.settings = settings;
        this.client = new DaytonaClient(settings.apiUrl(), settings.apiKey());
        this.launcher = new ManagedLauncher(settings.orbitdockCommand());
        this.timing = timing;
        this.gitToken = gitToken;
        this.deadlines = ProvisioningDeadlines.DEFAULT.withCreating(settings.createTimeout());
        this.clock = clock;
    }

    @Override
    public WorkspaceKind kind() {
        return WorkspaceKind.DAYTONA;
    }

    @Override
    public Workspace create(CreateWorkspaceRequest request) {
        Consumer<ProvisioningStep> progress = request.progress();
        String[] sandboxId = new String[1];
        try {
            Sandbox sandbox = ProvisioningSteps.run(progress, "creating", source(), deadlines.creating(), clock,
                    deadline -> {
                        Sandbox made = findOrCreate(request);
                        sandboxId[0] = made.id();
                        return awaitStarted(made, deadline);
                    });
            DaytonaToolbox toolbox = client.toolbox(sandbox);
            String dir = toolbox.userHomeDir() + "/orbitdock/" + request.workspaceId();
            ManagedLauncher.Paths paths = ManagedLauncher.Paths.under(dir);
            String url = RepoOrigin.cloneUrl(request.repoPath());
            ProvisioningSteps.run(progress, "cloning", url, deadlines.cloning(), clock, deadline -> {
                check(toolbox, "mkdir -p " + quote(dir) + " && mkdir -p -m 700 " + quote(dir + "/run"), null, QUICK);
                if (!toolbox.execute("test -d " + quote(paths.workdir() + "/.git"), null, QUICK).ok()) {
                    toolbox.gitClone(url, paths.workdir(), request.baseBranch(),
                            gitToken == null ? null : "x-access-token", gitToken, deadline.remaining());
                    check(toolbox, "git checkout --quiet -b " + quote(request.branch()), paths.workdir(), QUICK);
                }
                return url;
            });
            ProvisioningSteps.setup(request, clock, (command, timeout) -> check(toolbox, command, paths.workdir(),
                    timeout));
            return new Workspace(request.workspaceId(), WorkspaceKind.DAYTONA, Path.of(dir), request.branch(),
                    sandbox.id());
        } catch (RuntimeException e) {
            if (sandboxId[0] != null) {
                deleteQuietly(sandboxId[0]);
            }
            throw e;
        }
    }

    @Override
    public AgentHandle startAgent(Workspace workspace, AgentLaunch launch) {
        DaytonaToolbox toolbox = toolbox(workspace);
        ManagedLauncher.Paths paths = ManagedLauncher.Paths.under(workspace.path().toString());
        try {
            toolbox.upload(paths.prompt(), Files.readAllBytes(launch.promptFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prompt " + launch.promptFile(), e);
        }
        toolbox.upload(paths.settings(), launch.settings().toString().getBytes(StandardCharsets.UTF_8));
        // The file exists with mode 0600 (in a 0700 directory) before its secrets are written into it.
        check(toolbox, "umask 077 && : > " + quote(paths.env()), null, QUICK);
        toolbox.upload(paths.env(), ManagedLauncher.envFile(launch.env()).getBytes(StandardCharsets.UTF_8));
        String script = "echo $$ > " + quote(pidFile(workspace)) + "\n" + launcher.script(new ManagedLauncher.Start(
                launch.workspaceId(), launch.sessionId(), launch.missionIssueId(), launch.agentKind()), paths);
        String session = "orbitdock-" + launch.sessionId();
        toolbox.createSession(session);
        // setsid makes the instance the leader of its own process group (destroy signals the group); -w keeps the
        // session's command alive as long as the instance is.
        toolbox.startInSession(session, "cd " + quote(workspace.path().toString()) + " && setsid -w sh -c "
                + quote(script) + " > " + quote(paths.log()) + " 2>&1 < /dev/null");
        long pid = awaitPid(toolbox, workspace);
        Instant[] renewed = {clock.instant()};
        return new DetachedInstance(command -> {
            if (clock.instant().isAfter(renewed[0].plus(RENEW_EVERY))) {
                renewed[0] = clock.instant();
                keepAlive(workspace);
            }
            return instanceShell(toolbox, command);
        }, "sandbox " + workspace.externalId(), pid, paths, timing.poll(), timing.killGrace());
    }

    @Override
    public WorkspaceStatus status(Workspace workspace) {
        Optional<Sandbox> sandbox = client.get(workspace.externalId());
        if (sandbox.isEmpty() || sandbox.get().gone()) {
            return WorkspaceStatus.DESTROYED;
        }
        if (sandbox.get().failed()) {
            return WorkspaceStatus.FAILED;
        }
        if (sandbox.get().starting()) {
            return WorkspaceStatus.CREATING;
        }
        if (!Sandbox.STARTED.equals(sandbox.get().state())) {
            return WorkspaceStatus.READY; // stopped, archived or paused: it exists, and nothing runs in it
        }
        String state = client.toolbox(sandbox.get()).execute(DetachedInstance.runningCheck(pidFile(workspace))
                + " || echo ready", null, QUICK).result().strip();
        return state.equals("running") ? WorkspaceStatus.RUNNING : WorkspaceStatus.READY;
    }

    /**
     * GRACEFUL: SIGTERM to the instance's group (it stops its agent and drains its outbox), waiting up to the drain
     * time; then, either way, the sandbox is deleted.
     */
    @Override
    public void destroy(Workspace workspace, DestroyMode mode) {
        Optional<Sandbox> sandbox = client.get(workspace.externalId());
        if (sandbox.isEmpty()) {
            return;
        }
        if (mode == DestroyMode.GRACEFUL && Sandbox.STARTED.equals(sandbox.get().state())) {
            client.toolbox(sandbox.get()).execute(DetachedInstance.terminateAndWait(pidFile(workspace),
                    timing.drain()), null, timing.drain().plusSeconds(10));
        }
        client.delete(workspace.externalId());
    }

    /** Daytona filters by the labels; a sandbox on its way out is not listed. */
    @Override
    public List<Workspace> list(Map<String, String> labels) {
        return client.list(labels).stream().filter(s -> !s.gone() && ResourceLabels.matches(s.labels(), labels))
                .map(s -> ResourceLabels.workspace(s.labels(), WorkspaceKind.DAYTONA, null, s.id())).toList();
    }

    /** {@code POST /sandbox/{id}/last-activity}: Daytona stops the sandbox {@code autoStopInterval} after this. */
    @Override
    public void keepAlive(Workspace workspace) {
        client.keepAlive(workspace.externalId());
    }

    /** Creates a tiny sandbox, runs {@code orbitdock --version} in it and deletes it, step by step. */
    @Override
    public List<SmokeStep> smokeTest() {
        List<SmokeStep> steps = new ArrayList<>();
        Sandbox[] made = new Sandbox[1];
        boolean ok = SmokeSteps.time(steps, "create a sandbox from " + source(), () -> {
            made[0] = client.create(SandboxSpec.of(settings, Map.of("orbitdock.smoke_test", "true")));
            return awaitStarted(made[0], StepDeadline.start("creating", deadlines.creating(), clock)).id();
        });
        if (ok) {
            SmokeSteps.time(steps, settings.orbitdockCommand() + " --version", () -> check(client.toolbox(made[0]),
                    settings.orbitdockCommand() + " --version", null, QUICK));
        }
        if (made[0] != null) {
            SmokeSteps.time(steps, "delete sandbox " + made[0].id(), () -> {
                client.delete(made[0].id());
                return "deleted";
            });
        }
        return steps;
    }

    @Override
    public void close() {
        client.close();
    }

    /** A repeated create finds the sandbox the first one made instead of making another. */
    private Sandbox findOrCreate(CreateWorkspaceRequest request) {
        return client.list(Map.of(ResourceLabels.WORKSPACE, request.workspaceId())).stream().filter(s -> !s.gone())
                .findFirst().orElseGet(() -> client.create(SandboxSpec.of(settings, ResourceLabels.of(request))));
    }

    /** Polls until the sandbox is {@code started}; a failed state or the step's deadline ends the wait. */
    private Sandbox awaitStarted(Sandbox sandbox, StepDeadline deadline) {
        Sandbox current = sandbox;
        while (!Sandbox.STARTED.equals(current.state())) {
            if (current.failed()) {
                throw new WorkspaceException("daytona_sandbox_failed", "Daytona sandbox " + current.id() + " is "
                        + current.state() + ": " + (current.errorReason() == null ? "no reason given"
                        : current.errorReason()), "check daytona_image / daytona_snapshot", null);
            }
            deadline.check("Daytona sandbox " + current.id() + " was still " + current.state(),
                    "raise daytona_create_timeout, or check Daytona's status");
            sleep(timing.poll());
            String id = current.id();
            current = client.get(id).orElseThrow(() -> new WorkspaceException("daytona_sandbox_gone",
                    "Daytona sandbox " + id + " disappeared while starting", null, null));
        }
        return current;
    }

    /** The instance writes its pid first thing; waits briefly for it. */
    private long awaitPid(DaytonaToolbox toolbox, Workspace workspace) {
        Instant deadline = clock.instant().plus(QUICK);
        while (true) {
            String pid = toolbox.execute("cat " + quote(pidFile(workspace)) + " 2>/dev/null", null, QUICK).result()
                    .strip();
            if (pid.matches("\\d+")) {
                return Long.parseLong(pid);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new WorkspaceException("daytona_start_failed", "The managed instance in sandbox "
                        + workspace.externalId() + " did not start", "see " + workspace.path() + "/run/managed.log",
                        null);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    /** A deleted sandbox took its instance with it: to the instance's watcher that is "gone", not "unreachable". */
    private static String instanceShell(DaytonaToolbox toolbox, String command) {
        try {
            return toolbox.execute(command, null, QUICK).result();
        } catch (WorkspaceException e) {
            if (e.code().equals(DaytonaClient.NOT_FOUND)) {
                return "gone";
            }
            throw e;
        }
    }

    private DaytonaToolbox toolbox(Workspace workspace) {
        return client.toolbox(client.get(workspace.externalId()).orElseThrow(() -> new WorkspaceException(
                "daytona_sandbox_gone", "Daytona sandbox " + workspace.externalId() + " no longer exists", null,
                null)));
    }

    private static String check(DaytonaToolbox toolbox, String command, String cwd, Duration timeout) {
        ExecResult result = toolbox.execute(command, cwd, timeout);
        if (!result.ok()) {
            throw new WorkspaceException("daytona_command_failed", "in the sandbox: " + result.reason(), null, null);
        }
        return result.result();
    }

    private void deleteQuietly(String sandboxId) {
        try {
            client.delete(sandboxId);
        } catch (RuntimeException e) {
            // the create's own failure is what the caller needs to see
        }
    }

    private String source() {
        return settings.snapshot() != null ? "snapshot " + settings.snapshot() : "image " + settings.image();
    }

    private static String pidFile(Workspace workspace) {
        return workspace.path() + "/run/pid";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
