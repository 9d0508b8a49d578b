package dev.orbitdock.workspace.docker;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.orbitdock.workspace.ShellQuote.quote;

/**
 * Workspaces in Docker containers (Docker Engine API): one labelled container per workspace kept alive by
 * {@code sleep infinity}, the repo cloned inside it on the mission branch, the setup commands run as execs, and a
 * detached {@code orbitdock start --managed} that replicates its session back. The launch's environment reaches
 * the container in a tar whose entry is mode 0600, and the start script deletes it. A create that fails, or passes
 * a step's deadline, removes its container.
 */
public final class DockerWorkspaceProvider implements RemoteWorkspaceProvider {
    private static final ProvisioningDeadlines DEADLINES = ProvisioningDeadlines.DEFAULT;
    private static final Duration QUICK = Duration.ofSeconds(30);
    /** The clone's credential helper reads the token from this variable, so it is never on a command line. */
    private static final String TOKEN_ENV = "ORBITDOCK_GIT_TOKEN";

    private final DockerSettings settings;
    private final DockerEngine engine;
    private final ManagedLauncher launcher;
    private final InstanceTiming timing;
    private final String gitToken;
    private final Clock clock;

    /** @param gitToken for private clones over https (may be null) */
    public DockerWorkspaceProvider(DockerSettings settings, String gitToken, InstanceTiming timing) {
        this(settings, gitToken, timing, Clock.systemUTC());
    }

    /** @param clock what step deadlines are measured with */
    public DockerWorkspaceProvider(DockerSettings settings, String gitToken, InstanceTiming timing, Clock clock) {
        this.settings = settings;
        this.engine = new DockerEngine(settings.host());
        this.launcher = new ManagedLauncher(settings.orbitdockCommand());
        this.timing = timing;
        this.gitToken = gitToken;
        this.clock = clock;
    }

    @Override
    public WorkspaceKind kind() {
        return WorkspaceKind.DOCKER;
    }

    @Override
    public Workspace create(CreateWorkspaceRequest request) {
        Consumer<ProvisioningStep> progress = request.progress();
        String[] containerId = new String[1];
        try {
            String id = ProvisioningSteps.run(progress, "creating", "image " + settings.image(),
                    DEADLINES.creating(), clock, deadline -> {
                        containerId[0] = findOrCreate(request);
                        engine.start(containerId[0]);
                        return containerId[0];
                    });
            // Under the container user's home, so an image that does not run as root works too.
            String dir = check(id, "D=\"$HOME\"/orbitdock/" + quote(request.workspaceId())
                    + " && mkdir -p -m 700 \"$D/run\" && cd \"$D\" && pwd", Map.of(), null, QUICK).strip();
            ManagedLauncher.Paths paths = ManagedLauncher.Paths.under(dir);
            String url = RepoOrigin.cloneUrl(request.repoPath());
            ProvisioningSteps.run(progress, "cloning", url, DEADLINES.cloning(), clock, deadline -> check(id,
                    RepoOrigin.cloneScript(url, paths.workdir(), request.baseBranch(), request.branch(),
                            credentialHelper()), gitToken == null ? Map.of() : Map.of(TOKEN_ENV, gitToken), null,
                    deadline.remaining()));
            ProvisioningSteps.setup(request, clock, (command, timeout) -> check(id, command, Map.of(), paths.workdir(),
                    timeout));
            return new Workspace(request.workspaceId(), WorkspaceKind.DOCKER, Path.of(dir), request.branch(), id);
        } catch (RuntimeException e) {
            if (containerId[0] != null) {
                removeQuietly(containerId[0]);
            }
            throw e;
        }
    }

    @Override
    public AgentHandle startAgent(Workspace workspace, AgentLaunch launch) {
        String id = workspace.externalId();
        ManagedLauncher.Paths paths = ManagedLauncher.Paths.under(workspace.path().toString());
        byte[] prompt;
        try {
            prompt = Files.readAllBytes(launch.promptFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prompt " + launch.promptFile(), e);
        }
        engine.upload(id, workspace.path() + "/run", TarArchive.of(List.of(
                new TarArchive.Entry(fileName(paths.prompt()), 0600, prompt),
                new TarArchive.Entry(fileName(paths.settings()), 0644,
                        launch.settings().toString().getBytes(StandardCharsets.UTF_8)),
                new TarArchive.Entry(fileName(paths.env()), 0600,
                        ManagedLauncher.envFile(launch.env()).getBytes(StandardCharsets.UTF_8)))));
        String script = launcher.script(new ManagedLauncher.Start(launch.workspaceId(), launch.sessionId(),
                launch.missionIssueId(), launch.agentKind()), paths);
        // setsid makes the instance the leader of its own process group (destroy signals the group); its output
        // goes to the log, so the exec's stream ends as soon as the pid is printed.
        // One simple command in the background, so that $! is the instance itself and not a subshell around it.
        String pid = check(id, "setsid nohup sh -c " + quote(script) + " > " + quote(paths.log())
                + " 2>&1 < /dev/null & echo $! | tee " + quote(pidFile(workspace)), Map.of(),
                workspace.path().toString(), QUICK).strip();
        return new DetachedInstance(command -> instanceShell(id, command), "container " + shortId(id),
                Long.parseLong(pid), paths, timing.poll(), timing.killGrace());
    }

    @Override
    public WorkspaceStatus status(Workspace workspace) {
        Optional<Container> container = engine.inspect(workspace.externalId());
        if (container.isEmpty()) {
            return WorkspaceStatus.DESTROYED;
        }
        return switch (container.get().state()) {
            case "created", "restarting" -> WorkspaceStatus.CREATING;
            case "removing" -> WorkspaceStatus.DESTROYING;
            case "dead" -> WorkspaceStatus.FAILED;
            case Container.RUNNING -> check(workspace.externalId(), DetachedInstance.runningCheck(pidFile(workspace))
                    + " || echo ready", Map.of(), null, QUICK).strip().equals("running") ? WorkspaceStatus.RUNNING
                    : WorkspaceStatus.READY;
            default -> WorkspaceStatus.READY; // paused or exited: it exists, and nothing runs in it
        };
    }

    /**
     * GRACEFUL: SIGTERM to the instance's group (it stops its agent and drains its outbox), waiting up to the drain
     * time, then the container is stopped; either way it is then removed (forcibly: whatever still runs is killed).
     */
    @Override
    public void destroy(Workspace workspace, DestroyMode mode) {
        String id = workspace.externalId();
        Optional<Container> container = engine.inspect(id);
        if (container.isEmpty()) {
            return;
        }
        if (mode == DestroyMode.GRACEFUL && container.get().running()) {
            engine.exec(id, List.of("sh", "-c", DetachedInstance.terminateAndWait(pidFile(workspace),
                    timing.drain())), Map.of(), null, timing.drain().plusSeconds(10));
            engine.stop(id, timing.killGrace());
        }
        engine.remove(id);
    }

    /** The engine filters by the labels ({@code filters={"label":[…]}}). */
    @Override
    public List<Workspace> list(Map<String, String> labels) {
        return engine.list(labels).stream().filter(c -> ResourceLabels.matches(c.labels(), labels))
                .map(c -> ResourceLabels.workspace(c.labels(), WorkspaceKind.DOCKER, null, c.id())).toList();
    }

    /** Creates a container from the image, runs {@code orbitdock --version} in it and removes it, step by step. */
    @Override
    public List<SmokeStep> smokeTest() {
        List<SmokeStep> steps = new ArrayList<>();
        String[] made = new String[1];
        boolean ok = SmokeSteps.time(steps, "create a container from " + settings.image() + " on "
                + settings.host(), () -> {
            engine.ensureImage(settings.image());
            made[0] = engine.create("orbitdock-smoke-test-" + System.nanoTime(),
                    settings.spec(Map.of("orbitdock.smoke_test", "true")));
            engine.start(made[0]);
            return shortId(made[0]);
        });
        if (ok) {
            SmokeSteps.time(steps, settings.orbitdockCommand() + " --version", () -> check(made[0],
                    settings.orbitdockCommand() + " --version", Map.of(), null, QUICK));
        }
        if (made[0] != null) {
            SmokeSteps.time(steps, "remove container " + shortId(made[0]), () -> {
                engine.remove(made[0]);
                return "removed";
            });
        }
        return steps;
    }

    @Override
    public void close() {
        engine.close();
    }

    /** A repeated create finds the container the first one made instead of making another. */
    private String findOrCreate(CreateWorkspaceRequest request) {
        return engine.list(Map.of(ResourceLabels.WORKSPACE, request.workspaceId())).stream().map(Container::id)
                .findFirst().orElseGet(() -> {
                    engine.ensureImage(settings.image());
                    return engine.create("orbitdock-" + request.workspaceId(),
                            settings.spec(ResourceLabels.of(request)));
                });
    }

    /** A removed container took its instance with it: to the instance's watcher that is "gone", not "unreachable". */
    private String instanceShell(String id, String command) {
        try {
            return engine.exec(id, List.of("sh", "-c", command), Map.of(), null, QUICK).stdout();
        } catch (WorkspaceException e) {
            if (e.code().equals(DockerEngine.NOT_FOUND) || e.code().equals("docker_conflict")) {
                return "gone";
            }
            throw e;
        }
    }

    /** {@code -c credential.helper=…} answering with the token from the exec's environment, when there is one. */
    private String credentialHelper() {
        return gitToken == null ? "" : " -c " + quote("credential.helper=!f() { test \"$1\" = get"
                + " && echo username=x-access-token && echo \"password=$" + TOKEN_ENV + "\"; }; f");
    }

    private String check(String id, String command, Map<String, String> env, String workingDir, Duration timeout) {
        ExecOutput result = engine.exec(id, List.of("sh", "-c", command), env, workingDir, timeout);
        if (!result.ok()) {
            throw new WorkspaceException("docker_command_failed", "in container " + shortId(id) + ": "
                    + result.reason(), null, null);
        }
        return result.stdout();
    }

    private void removeQuietly(String id) {
        try {
            engine.remove(id);
        } catch (RuntimeException e) {
            // the create's own failure is what the caller needs to see
        }
    }

    private static String pidFile(Workspace workspace) {
        return workspace.path() + "/run/pid";
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The 12 characters the docker CLI shows. */
    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
