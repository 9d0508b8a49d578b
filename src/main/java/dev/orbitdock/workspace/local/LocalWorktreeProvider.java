package dev.orbitdock.workspace.local;

import dev.orbitdock.common.Durations;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.agent.AgentRunners;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.ProvisioningStep;
import dev.orbitdock.workspace.ProvisioningStep.Phase;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workspaces as git worktrees of a local repository, at {@code <root>/<branch with '/' as '-'>}; the agent runs as
 * a child process of this JVM. Creating the same workspace again reuses its worktree, and so does one that takes
 * over an earlier workspace's; any other leftover of an earlier workspace on the same branch is replaced (the branch
 * is reset to the base) unless it holds uncommitted changes.
 */
public final class LocalWorktreeProvider implements WorkspaceProvider {
    private static final Logger log = LoggerFactory.getLogger(LocalWorktreeProvider.class);
    private static final Duration AGENT_STOP_WAIT = Duration.ofSeconds(30);
    /** How long a resolved (fetched) base is reused: long enough to span one poll's dispatches, short of stale. */
    private static final Duration BASE_REUSE = Duration.ofSeconds(10);
    private static final Pattern PLAIN_BRANCH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*(/[A-Za-z0-9_-]+)*");

    private final AgentRunners agents;
    private final Clock clock;
    /** Agents started here and still running, by workspace id, so destroy never deletes files under one. */
    private final Map<String, AgentHandle> running = new ConcurrentHashMap<>();
    /**
     * Git's ref and worktree updates of one repo race (ref locks, and a prune deletes the registration of a worktree
     * being added), so creates and destroys of one repo take turns.
     */
    private final Map<Path, ReentrantLock> repoLocks = new ConcurrentHashMap<>();
    private final Map<Path, RepoDirs> repos = new ConcurrentHashMap<>();
    private final Map<BaseKey, ResolvedBase> bases = new ConcurrentHashMap<>();

    private record RepoDirs(Path root, Path commonGitDir) {}

    private record BaseKey(Path commonGitDir, String base) {}

    private record ResolvedBase(BaseRef ref, Instant at) {}

    public LocalWorktreeProvider(AgentRunners agents, Clock clock) {
        this.agents = agents;
        this.clock = clock;
    }

    @Override
    public WorkspaceKind kind() {
        return WorkspaceKind.LOCAL;
    }

    @Override
    public Workspace create(CreateWorkspaceRequest request) {
        Instant started = clock.instant();
        Workspace[] created = new Workspace[1];
        step(request.progress(), "creating", request.repoPath().toString(), () -> {
            created[0] = provision(request);
            return created[0].path() + " ready in " + Durations.format(Duration.between(started, clock.instant()));
        });
        return created[0];
    }

    private Workspace provision(CreateWorkspaceRequest request) {
        Consumer<ProvisioningStep> progress = request.progress();
        RepoDirs dirs = repoDirs(request.repoPath());
        Path repo = dirs.root();
        String branch = request.branch();
        checkBranchName(repo, branch);
        Path path = worktreePath(request.root(), branch);
        ReentrantLock lock = lockFor(dirs.commonGitDir());
        boolean reused;
        lock.lock();
        try {
            // Nothing at the path: not ours to reuse, and most likely nothing in the way, so try the plain add
            // first; only when git refuses is the worktree list read to find out why and clear what is in the way.
            boolean vacant = !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
            List<Worktree> worktrees = vacant ? List.of() : Worktree.list(repo);
            reused = !vacant && isOwnWorktree(worktrees, path, branch, request.workspaceId());
            if (reused) {
                step(progress, "worktree", path.toString(), () -> "reusing " + path);
            } else if (!vacant && request.takesOver() != null
                    && isOwnWorktree(worktrees, path, branch, request.takesOver())) {
                step(progress, "worktree", path.toString(), () -> "continuing in " + path + " (kept from workspace "
                        + request.takesOver() + ")");
            } else {
                BaseRef base = baseRef(dirs, request.baseBranch(), progress);
                step(progress, "worktree", path.toString(), () -> {
                    String detail = vacant ? addNewBranch(repo, path, branch, base) : null;
                    if (detail == null) {
                        clearLeftovers(repo, vacant ? Worktree.list(repo) : worktrees, path, branch);
                        detail = addWorktree(dirs, path, branch, base);
                    }
                    new WorkspaceMarker(request.workspaceId(), Set.of()).write(path);
                    return detail;
                });
            }
        } finally {
            lock.unlock();
        }
        // A new worktree's marker lists nothing copied yet; it is rewritten only when that changes.
        Set<String> listed = reused ? WorkspaceMarker.read(path).map(WorkspaceMarker::copiedFiles).orElse(Set.of())
                : Set.of();
        Set<String> copied = new LinkedHashSet<>(listed);
        copied.addAll(WorktreeInclude.copy(repo, path));
        if (!copied.equals(listed)) {
            new WorkspaceMarker(request.workspaceId(), copied).write(path);
        }
        SetupCommands.run(request.setupCommands(), path, request.workspaceId(), request.setupTimeout(), progress,
                clock);
        return new Workspace(request.workspaceId(), WorkspaceKind.LOCAL, path, branch, null);
    }

    @Override
    public AgentHandle startAgent(Workspace workspace, AgentLaunch launch) {
        AgentHandle handle = agents.get(launch.agentKind()).start(launch);
        running.put(workspace.id(), handle);
        handle.exit().whenComplete((exit, error) -> running.remove(workspace.id(), handle));
        return handle;
    }

    /** READY when the worktree exists and git knows it (RUNNING while an agent started here runs), else DESTROYED. */
    @Override
    public WorkspaceStatus status(Workspace workspace) {
        Path path = workspace.path();
        if (path == null || !Files.isDirectory(path)) {
            return WorkspaceStatus.DESTROYED;
        }
        LocalProcess.Result list = Git.run(path, "worktree", "list", "--porcelain");
        boolean registered = list.ok() && Worktree.parse(list.stdout()).stream()
                .anyMatch(w -> w.isAt(path) && !w.prunable());
        if (!registered) {
            return WorkspaceStatus.DESTROYED;
        }
        return running.containsKey(workspace.id()) ? WorkspaceStatus.RUNNING : WorkspaceStatus.READY;
    }

    /** Stops a running agent, removes the worktree and keeps the branch (it holds the agent's commits). */
    @Override
    public void destroy(Workspace workspace, DestroyMode mode) {
        AgentHandle agent = running.remove(workspace.id());
        if (agent != null) {
            stop(agent, workspace);
        }
        Path path = workspace.path();
        if (path == null || !Files.exists(path)) {
            return; // already gone; its stale registration is pruned by the next create
        }
        Optional<WorktreeLink> link = WorktreeLink.of(path);
        if (link.isPresent()) { // certainly a linked worktree (never a main checkout): one git process
            ReentrantLock lock = lockFor(link.get().commonDir());
            lock.lock();
            try {
                remove(link.get().commonDir(), path);
            } finally {
                lock.unlock();
            }
            return;
        }
        LocalProcess.Result common = Git.run(path, "rev-parse", "--path-format=absolute", "--git-common-dir");
        if (!common.ok()) {
            log.info("{} is no longer a git worktree; leaving it as it is", path);
            return;
        }
        Path gitDir = Path.of(common.stdout().strip());
        ReentrantLock lock = lockFor(gitDir);
        lock.lock(); // a prune racing another create would delete that create's half-written registration
        try {
            List<Worktree> worktrees = Worktree.list(gitDir);
            if (!worktrees.isEmpty() && worktrees.getFirst().isAt(path)) { // the main checkout is always listed first
                throw new WorkspaceException("not_a_worktree", path + " is a repository's main checkout, not a"
                        + " workspace worktree; refusing to remove it", null, null);
            }
            if (worktrees.stream().anyMatch(w -> w.isAt(path))) {
                remove(gitDir, path);
            }
            Git.run(gitDir, "worktree", "prune");
        } finally {
            lock.unlock();
        }
    }

    private static void remove(Path gitDir, Path path) {
        LocalProcess.Result removed = Git.run(gitDir, "worktree", "remove", "--force", path.toString());
        if (!removed.ok() && Files.exists(path)) {
            throw new WorkspaceException("destroy_failed", "git worktree remove " + path + " failed: "
                    + Git.message(removed), "remove it by hand: git worktree remove --force " + path, null);
        }
    }

    /** One lock per repository (keyed by its common git dir), shared by create and destroy. */
    private ReentrantLock lockFor(Path commonGitDir) {
        return repoLocks.computeIfAbsent(Worktree.canonical(commonGitDir), key -> new ReentrantLock());
    }

    private static void stop(AgentHandle agent, Workspace workspace) {
        agent.kill();
        try {
            agent.exit().get(AGENT_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("agent of workspace {} (pid {}) still running {} after kill", workspace.id(), agent.pid(),
                    Durations.format(AGENT_STOP_WAIT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            log.debug("agent of workspace {} ended with {}", workspace.id(), e.getCause().toString());
        }
    }

    /** The repository's top level and common git dir: looked up once, reused while that git dir exists. */
    private RepoDirs repoDirs(Path repoPath) {
        RepoDirs known = repos.get(repoPath);
        if (known != null && Files.isDirectory(known.commonGitDir())) {
            return known;
        }
        RepoDirs found = lookUp(repoPath);
        repos.put(repoPath, found);
        return found;
    }

    private static RepoDirs lookUp(Path repoPath) {
        if (!Files.isDirectory(repoPath)) {
            throw notARepo(repoPath, "the directory does not exist");
        }
        LocalProcess.Result gitDir = Git.run(repoPath, "rev-parse", "--git-dir");
        if (!gitDir.ok()) {
            throw notARepo(repoPath, Git.message(gitDir));
        }
        LocalProcess.Result top = Git.run(repoPath, "rev-parse", "--show-toplevel");
        Path root = top.ok() ? Path.of(top.stdout().strip()) : repoPath; // a bare repo has no top level
        LocalProcess.Result common = Git.run(root, "rev-parse", "--path-format=absolute", "--git-common-dir");
        if (!common.ok()) {
            throw notARepo(repoPath, Git.message(common));
        }
        return new RepoDirs(root, Path.of(common.stdout().strip()));
    }

    /** Names made only of letters, digits, '_' and '-' in '/'-separated parts are valid; git judges the rest. */
    private static void checkBranchName(Path repo, String branch) {
        if (!PLAIN_BRANCH.matcher(branch).matches() || branch.equals("HEAD")) {
            Git.check(repo, "invalid_branch", "check-ref-format", "--branch", branch);
        }
    }

    private static WorkspaceException notARepo(Path repoPath, String why) {
        return new WorkspaceException("not_a_git_repo", repoPath + " is not a git repository: " + why,
                "point the mission at a git checkout (git clone … or git init)", null);
    }

    private static Path worktreePath(Path root, String branch) {
        try {
            if (!Files.isDirectory(root)) { // one stat, where creating an existing directory costs two exceptions
                Files.createDirectories(root);
            }
        } catch (IOException e) {
            throw new WorkspaceException("worktree_failed", "cannot create the workspace root " + root + ": " + e,
                    null, e);
        }
        return Worktree.canonical(root).resolve(branch.replace('/', '-'));
    }

    /** The worktree at {@code path} is this workspace's own: registered, on the branch, marked with the id. */
    private static boolean isOwnWorktree(List<Worktree> worktrees, Path path, String branch, String workspaceId) {
        return worktrees.stream().anyMatch(w -> w.isAt(path) && !w.prunable() && branch.equals(w.branch()))
                && WorkspaceMarker.read(path).map(m -> m.workspaceId().equals(workspaceId)).orElse(false);
    }

    /**
     * Where the branch starts: {@code origin/<base>} freshly fetched when there is an origin (other than the
     * repository itself), else the local branch. Resolved at most once per {@link #BASE_REUSE} per repository and
     * base, so the dispatches of one poll share one fetch.
     *
     * @param branch the base branch's name, {@code ref} the ref a workspace branch starts from
     * @param where what the error names when the base turns out not to exist
     */
    private record BaseRef(String branch, String ref, String display, String where) {}

    private BaseRef baseRef(RepoDirs dirs, String base, Consumer<ProvisioningStep> progress) {
        BaseKey key = new BaseKey(dirs.commonGitDir(), base);
        Instant now = clock.instant();
        ResolvedBase recent = bases.get(key);
        if (recent != null && Duration.between(recent.at(), now).compareTo(BASE_REUSE) < 0) {
            return recent.ref();
        }
        BaseRef ref = resolveBase(dirs, base, progress);
        bases.put(key, new ResolvedBase(ref, now));
        return ref;
    }

    private static BaseRef resolveBase(RepoDirs dirs, String base, Consumer<ProvisioningStep> progress) {
        Path repo = dirs.root();
        LocalProcess.Result origin = Git.run(repo, "config", "--get", "remote.origin.url");
        boolean fetch = origin.ok() && !isItself(repo, dirs, origin.stdout().strip());
        BaseRef ref = fetch ? new BaseRef(base, "refs/remotes/origin/" + base, "origin/" + base, "origin of " + repo)
                : new BaseRef(base, "refs/heads/" + base, base, repo.toString());
        if (fetch) {
            step(progress, "fetching", "origin " + base, () -> {
                LocalProcess.Result fetched = Git.run(repo, Git.FETCH_TIMEOUT, "fetch", "--no-tags", "origin",
                        "+refs/heads/" + base + ":refs/remotes/origin/" + base);
                if (fetched.stderr().contains("couldn't find remote ref")) {
                    throw baseMissing(base, ref.where());
                }
                if (!fetched.ok()) {
                    throw new WorkspaceException("fetch_failed", "git fetch origin " + base + " in " + repo
                            + " failed: " + Git.message(fetched), "check the network and your access to origin",
                            null);
                }
                return "fetched " + ref.display();
            });
        }
        requireBase(repo, ref);
        return ref;
    }

    /** An origin that is this very repository (a path to it) has nothing to fetch: its branches are ours. */
    private static boolean isItself(Path repo, RepoDirs dirs, String url) {
        String location = url.startsWith("file://") ? url.substring("file://".length()) : url;
        if (location.contains("://") || location.matches("[^/]+:.*")) {
            return false; // a network remote (URL or scp-like host:path)
        }
        Path target = Worktree.canonical(repo.resolve(location));
        return target.equals(Worktree.canonical(repo)) || target.equals(Worktree.canonical(dirs.commonGitDir()));
    }

    private static void requireBase(Path repo, BaseRef ref) {
        if (!Git.run(repo, "rev-parse", "--verify", "--quiet", ref.ref() + "^{commit}").ok()) {
            throw baseMissing(ref.branch(), ref.where());
        }
    }

    private static WorkspaceException baseMissing(String base, String where) {
        return new WorkspaceException("base_branch_missing", "base branch '" + base + "' does not exist in " + where,
                "set the mission's base branch to an existing branch", null);
    }

    /**
     * Makes room for a new worktree at {@code path}: replaces a clean leftover of an earlier workspace there and
     * prunes registrations whose directory is gone, but never throws away uncommitted work or another checkout.
     */
    private static void clearLeftovers(Path repo, List<Worktree> worktrees, Path path, String branch) {
        boolean removed = false;
        for (Worktree worktree : worktrees) {
            if (worktree.prunable()) {
                continue;
            }
            if (worktree.isAt(path)) {
                if (!branch.equals(worktree.branch())) {
                    throw new WorkspaceException("worktree_path_in_use", path + " is already a worktree of "
                            + (worktree.branch() == null ? "a detached HEAD" : "branch '" + worktree.branch() + "'"),
                            "remove it (git worktree remove " + path + ") or use another branch name", null);
                }
                refuseIfDirty(path);
                Git.check(repo, "worktree_failed", "worktree", "remove", "--force", path.toString());
                removed = true;
            } else if (branch.equals(worktree.branch())) {
                throw new WorkspaceException("branch_checked_out", "branch '" + branch + "' is already checked out in "
                        + worktree.path(), "destroy that workspace or switch that checkout to another branch", null);
            }
        }
        if (!removed && Files.exists(path)) {
            deleteIfEmptyOrRefuse(repo, path);
        }
        if (worktrees.stream().anyMatch(Worktree::prunable)) {
            Git.check(repo, "worktree_failed", "worktree", "prune");
        }
    }

    private static void refuseIfDirty(Path path) {
        Set<String> copied = WorkspaceMarker.read(path).map(WorkspaceMarker::copiedFiles).orElse(Set.of());
        List<String> changes = UncommittedChanges.of(path, copied);
        if (!changes.isEmpty()) {
            throw new WorkspaceException("dirty_worktree", "leftover worktree " + path + " has uncommitted changes ("
                    + UncommittedChanges.summary(changes) + ")", "commit or stash them (git -C " + path
                    + " stash -u), or remove the worktree (git worktree remove --force " + path + ")", null);
        }
    }

    private static void deleteIfEmptyOrRefuse(Path repo, Path path) {
        try (var entries = Files.list(path)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(path);
                return;
            }
        } catch (IOException e) {
            // not a readable directory: refused below
        }
        throw new WorkspaceException("worktree_path_in_use", path + " exists and is not a worktree of " + repo,
                "move or remove " + path, null);
    }

    /** The usual case: a new branch in a new worktree; null when git refuses (the caller finds out why). */
    private static String addNewBranch(Path repo, Path path, String branch, BaseRef base) {
        return Git.run(repo, "worktree", "add", "--no-track", "-b", branch, path.toString(), base.ref()).ok()
                ? created(path, branch, base) : null;
    }

    private static String created(Path path, String branch, BaseRef base) {
        return "created branch '" + branch + "' from " + base.display() + " at " + path;
    }

    /**
     * {@code -b}, or {@code -B} when a leftover branch of that name exists; the old tip goes into the detail so it
     * can be found. A failure forgets the resolved base, whose disappearance is the likely cause.
     */
    private String addWorktree(RepoDirs dirs, Path path, String branch, BaseRef base) {
        Path repo = dirs.root();
        LocalProcess.Result added = Git.run(repo, "worktree", "add", "--no-track", "-b", branch, path.toString(),
                base.ref());
        String was = null;
        if (!added.ok() && added.stderr().contains("a branch named")) {
            was = Git.check(repo, "worktree_failed", "rev-parse", "--verify", "--quiet", "refs/heads/" + branch);
            added = Git.run(repo, "worktree", "add", "--no-track", "-B", branch, path.toString(), base.ref());
        }
        if (!added.ok()) {
            bases.remove(new BaseKey(dirs.commonGitDir(), base.branch()));
            requireBase(repo, base);
            throw new WorkspaceException("worktree_failed", "git worktree add " + path + " failed: "
                    + Git.message(added), null, null);
        }
        if (was != null) {
            log.info("reset leftover branch '{}' (was {}) to {}", branch, was, base.display());
            return "reset leftover branch '" + branch + "' (was " + was + ") to " + base.display() + " at " + path;
        }
        return created(path, branch, base);
    }

    /** Reports STARTED, then FINISHED with the work's detail or FAILED with the error's message. */
    private static void step(Consumer<ProvisioningStep> progress, String name, String detail, Supplier<String> work) {
        progress.accept(new ProvisioningStep(name, Phase.STARTED, detail));
        try {
            String result = work.get();
            progress.accept(new ProvisioningStep(name, Phase.FINISHED, result));
        } catch (RuntimeException e) {
            progress.accept(new ProvisioningStep(name, Phase.FAILED, e.getMessage()));
            throw e;
        }
    }
}
