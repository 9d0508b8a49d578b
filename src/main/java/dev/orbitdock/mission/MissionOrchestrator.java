package dev.orbitdock.mission;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.store.MissionCommand;
import dev.orbitdock.store.MissionIssueCommand;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every registered mission: polls its tracker, reconciles, dispatches eligible issues to workspaces, watches
 * agents, retries with backoff and detects stalls (ARCHITECTURE.md §5). {@link #tick(String)} is one complete
 * cycle for one mission, so tests drive it directly with a fixed clock; {@link #start()} runs it on a schedule.
 */
public final class MissionOrchestrator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MissionOrchestrator.class);
    private static final int MAX_CANDIDATE_PAGES = 20;
    private static final Set<String> TERMINAL_TRACKER_STATES = Set.of("done", "closed", "canceled", "cancelled",
            "completed", "duplicate");

    /** What the orchestrator works with; the composition root builds it. */
    public record Deps(MissionQueries queries, PersistenceWriter writer, Clock clock, IdGenerator ids,
                       TrackerFactory trackers, Map<WorkspaceKind, WorkspaceProvider> providers, Path dataDir) {}

    /** An agent this orchestrator started (or re-adopted) and still watches. */
    private record Run(MissionIssue issue, Workspace workspace, AgentHandle handle, MissionConfig config,
                       Tracker tracker, AtomicBoolean ended) {

        /**
         * Whoever claims the end first decides the issue's fate: the agent's exit, or the orchestrator (stall,
         * reconciliation, shutdown). Claimed before any state change, so the two can never both act.
         */
        boolean claimEnd() {
            return ended.compareAndSet(false, true);
        }
    }

    private final Deps deps;
    private final IssueStates states;
    private final MissionLoader loader;
    private final WorkspaceBookkeeping workspaces;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextPoll = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile ScheduledExecutorService scheduler;

    public MissionOrchestrator(Deps deps) {
        this.deps = deps;
        this.states = new IssueStates(deps.queries(), deps.writer(), deps.clock());
        this.loader = new MissionLoader(deps.writer(), deps.clock());
        this.workspaces = new WorkspaceBookkeeping(deps.queries(), deps.writer(), deps.clock(), deps.providers());
    }

    /** Resumes what the database says was in flight, then ticks every mission when it is due. */
    public synchronized void start() {
        resumeAfterRestart();
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("orchestrator").factory());
        scheduler.scheduleWithFixedDelay(this::tickDue, 0, 1, TimeUnit.SECONDS);
    }

    /** Number of agents running under this orchestrator. */
    public int runningAgents() {
        return runs.size();
    }

    private void tickDue() {
        Instant now = deps.clock().instant();
        for (MissionRecord mission : deps.queries().missions()) {
            if (mission.triggerPending() || !now.isBefore(nextPoll.getOrDefault(mission.id(), Instant.MIN))) {
                try {
                    tick(mission.id());
                } catch (RuntimeException e) {
                    log.error("tick of mission {} failed", mission.name(), e);
                }
            }
        }
    }

    /** One cycle for one mission: reload MISSION.md, stalls, due retries, poll, reconcile, dispatch. */
    public void tick(String missionId) {
        MissionRecord mission = deps.queries().mission(missionId).orElse(null);
        if (mission == null) {
            return;
        }
        MissionLoader.Loaded loaded = loader.load(mission);
        Instant now = deps.clock().instant();
        if (loaded == null) {
            nextPoll.put(missionId, now.plusSeconds(60));
            return; // parse error is recorded on the mission; running agents are still watched by stall checks
        }
        MissionConfig config = loaded.config();
        nextPoll.put(missionId, now.plus(config.trigger().interval()));
        detectStalls(missionId, config);
        workspaces.sweepRetained(now);
        releaseDueRetries(missionId, now);
        Tracker tracker;
        try {
            tracker = deps.trackers().create(mission, config);
        } catch (OrbitDockException e) {
            deps.writer().write(new MissionCommand.PollResult(missionId, deps.clock().instant(), e.getMessage()));
            return;
        }
        String pollError = null;
        try {
            recordCandidates(mission, config, tracker);
            reconcile(missionId, tracker);
        } catch (TrackerException e) {
            pollError = e.getMessage();
            log.warn("polling the tracker of {} failed: {}", mission.name(), e.getMessage());
        }
        deps.writer().write(new MissionCommand.PollResult(missionId, deps.clock().instant(), pollError));
        if (!mission.paused() && pollError == null) { // an unreachable tracker must not cost anyone an attempt
            dispatch(mission, loaded, tracker);
        }
    }

    /** Only a local agent is a process of this machine; any other pid must never be signalled from here. */
    private static ProcessHandle localProcess(Workspace workspace, AgentHandle handle) {
        return workspace.kind() == WorkspaceKind.LOCAL ? ProcessHandle.of(handle.pid()).orElse(null) : null;
    }

    private void recordCandidates(MissionRecord mission, MissionConfig config, Tracker tracker) {
        Map<String, MissionIssue> known = new HashMap<>();
        deps.queries().issues(mission.id()).forEach(i -> known.put(i.trackerIssueId(), i));
        var filters = config.trigger().filters();
        var query = new dev.orbitdock.tracker.CandidateQuery(filters.labels(), filters.states(), filters.project(),
                filters.team());
        String cursor = null;
        for (int page = 0; page < MAX_CANDIDATE_PAGES; page++) {
            var result = tracker.fetchCandidates(query, cursor);
            for (TrackerIssue issue : result.items()) {
                MissionIssue existing = known.get(issue.id());
                if (existing == null) {
                    deps.writer().write(new MissionIssueCommand.Create(deps.ids().newId(), mission.id(), issue.id(),
                            issue.identifier(), issue.title(), issue.url(), issue.priority(), issue.createdAt(),
                            OrchestrationState.QUEUED.wire(), deps.clock().instant()));
                } else if (!existing.title().equals(issue.title())) {
                    deps.writer().write(new IssueUpdate(existing.id(), deps.clock().instant()).title(issue.title())
                            .build());
                }
            }
            if (!result.hasNext()) {
                return;
            }
            cursor = result.nextCursor();
        }
    }

    /** Issues closed or deleted in the tracker are done; an unknown read changes nothing. */
    private void reconcile(String missionId, Tracker tracker) {
        List<MissionIssue> open = deps.queries().issues(missionId).stream()
                .filter(i -> !i.state().isSettled()).toList();
        if (open.isEmpty()) {
            return;
        }
        Map<String, TrackerRead> reads = tracker.fetchIssues(open.stream().map(MissionIssue::trackerIssueId).toList());
        for (MissionIssue issue : open) {
            String reason = switch (reads.get(issue.trackerIssueId())) {
                case TrackerRead.Found found when isTerminal(found.issue().state()) ->
                        "closed in the tracker (" + found.issue().state() + ")";
                case TrackerRead.Gone gone -> "no longer in the tracker";
                case null, default -> null;
            };
            if (reason != null) {
                finishFromTracker(issue, reason);
            }
        }
    }

    private static boolean isTerminal(String trackerState) {
        return TERMINAL_TRACKER_STATES.contains(trackerState.toLowerCase(java.util.Locale.ROOT));
    }

    private void finishFromTracker(MissionIssue issue, String reason) {
        Run run = runs.get(issue.id());
        boolean ours = run != null && run.claimEnd();
        if (states.advance(issue.id(), issue.state(), OrchestrationState.COMPLETED, u -> u.lastError(null)).isEmpty()) {
            return; // moved on meanwhile (e.g. the agent's own exit got there first)
        }
        if (ours) {
            run.handle().kill();
            workspaces.release(run.workspace(), run.config(), DestroyMode.FORCE);
        }
        log.info("{} completed: {}", issue.identifier(), reason);
    }

    private void releaseDueRetries(String missionId, Instant now) {
        for (MissionIssue issue : deps.queries().issues(missionId)) {
            if (issue.state() == OrchestrationState.RETRY_QUEUED && issue.retryDueAt() != null
                    && !now.isBefore(issue.retryDueAt())) {
                states.advance(issue.id(), OrchestrationState.RETRY_QUEUED, OrchestrationState.QUEUED,
                        u -> u.retryDueAt(null));
            }
        }
    }

    private void dispatch(MissionRecord mission, MissionLoader.Loaded loaded, Tracker tracker) {
        MissionConfig config = loaded.config();
        List<MissionIssue> claimed = states.exclusively(() -> {
            List<MissionIssue> issues = deps.queries().issues(mission.id());
            long active = issues.stream().filter(i -> i.state().isActive()).count();
            long capacity = config.provider().maxConcurrent() - active;
            List<MissionIssue> picked = new ArrayList<>();
            for (MissionIssue issue : issues.stream().filter(i -> i.state() == OrchestrationState.QUEUED)
                    .sorted(MissionIssue.DISPATCH_ORDER).toList()) {
                if (picked.size() >= capacity) {
                    break;
                }
                String workspaceId = deps.ids().newId();
                String sessionId = deps.ids().newId();
                states.advance(issue.id(), OrchestrationState.QUEUED, OrchestrationState.CLAIMED,
                        u -> u.attempt(issue.attempt() + 1).run(workspaceId, sessionId).lastError(null));
                picked.add(deps.queries().issue(issue.id()).orElseThrow());
            }
            return picked;
        });
        for (MissionIssue issue : claimed) {
            workers.submit(() -> launch(mission, loaded, tracker, issue));
        }
    }

    /** Claimed → workspace → agent → running; any failure fails the issue with its real cause. */
    private void launch(MissionRecord mission, MissionLoader.Loaded loaded, Tracker tracker, MissionIssue issue) {
        MissionConfig config = loaded.config();
        WorkspaceProvider provider = deps.providers().get(WorkspaceKind.LOCAL);
        Workspace workspace = null;
        try {
            TrackerIssue fresh = switch (tracker.fetchIssues(List.of(issue.trackerIssueId()))
                    .get(issue.trackerIssueId())) {
                case TrackerRead.Found found -> found.issue();
                case TrackerRead.Gone gone -> throw new LaunchFailure("the issue no longer exists in the tracker");
                case TrackerRead.Unknown unknown -> {
                    // Not the issue's fault: give the claim (and the attempt) back and try again next poll.
                    states.advance(issue.id(), OrchestrationState.CLAIMED, OrchestrationState.QUEUED,
                            u -> u.attempt(issue.attempt() - 1).lastError("could not read the issue from the"
                                    + " tracker: " + unknown.error().getMessage()));
                    yield null;
                }
            };
            if (fresh == null) {
                return;
            }
            String branch = Slugs.branch(issue.identifier());
            deps.writer().write(new WorkspaceCommand.Create(issue.workspaceId(), issue.id(), issue.sessionId(),
                    "local", mission.repoPath().toString(), branch, "creating", null, deps.clock().instant()));
            workspace = provider.create(new CreateWorkspaceRequest(issue.workspaceId(), mission.repoPath(), branch,
                    config.orchestration().baseBranch(), worktreeRoot(mission, config),
                    config.workspace().setupCommands(), config.workspace().setupTimeout(), step -> {}));
            deps.writer().write(workspaces.update(issue.workspaceId(), "ready",
                    WorkspaceRecord.info(workspace.path(), null, null)));
            Path prompt = writePrompt(issue, loaded, fresh, workspace);
            AgentLaunch launch = new AgentLaunch(config.agent().kind().wire(), issue.sessionId(),
                    issue.workspaceId(), issue.id(), workspace.path(), prompt, agentEnv(issue, workspace),
                    config.toJson().path("agent").path(config.agent().kind().wire()));
            TrackerReports.moveState(tracker, fresh.id(), config.orchestration().stateOnDispatch());
            AgentHandle handle = provider.startAgent(workspace, launch);
            Run run = new Run(issue, workspace, handle, config, tracker, new AtomicBoolean());
            runs.put(issue.id(), run);
            deps.writer().write(workspaces.update(issue.workspaceId(), "running",
                    WorkspaceRecord.info(workspace.path(), localProcess(workspace, handle), null)));
            if (states.advance(issue.id(), OrchestrationState.CLAIMED, OrchestrationState.RUNNING, u -> u).isEmpty()) {
                handle.kill(); // reconciled away while we were starting it
            }
            handle.exit().whenComplete((exit, error) -> onExit(run, exit, error));
        } catch (RuntimeException | LaunchFailure e) {
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("dispatch of {} failed: {}", issue.identifier(), cause);
            failAndMaybeRetry(issue.id(), OrchestrationState.CLAIMED, cause, config, tracker, issue);
            if (workspace != null) {
                workspaces.remove(provider, workspace, DestroyMode.FORCE);
            }
            deps.writer().submit(workspaces.update(issue.workspaceId(), "failed", null));
        }
    }

    private void onExit(Run run, AgentExit exit, Throwable error) {
        runs.remove(run.issue().id(), run); // by run: a late exit of an old run must not drop a newer one
        if (!run.claimEnd()) {
            return; // stall detection, reconciliation or shutdown already decided this issue's fate
        }
        MissionIssue issue = run.issue();
        if (error == null && exit.succeeded()) {
            if (states.advance(issue.id(), OrchestrationState.RUNNING, OrchestrationState.COMPLETED,
                    u -> u.lastError(null)).isPresent()) {
                TrackerReports.moveState(run.tracker(), issue.trackerIssueId(), run.config().orchestration().stateOnComplete());
                TrackerReports.comment(run.tracker(), issue.trackerIssueId(), "OrbitDock: the agent finished on branch `"
                        + run.workspace().branch() + "` (attempt " + issue.attempt() + ").");
            }
        } else {
            String cause = error != null ? "agent failed: " + error.getMessage() : "agent " + exit.reason();
            failAndMaybeRetry(issue.id(), OrchestrationState.RUNNING, cause, run.config(), run.tracker(), issue);
        }
        workspaces.release(run.workspace(), run.config(), DestroyMode.GRACEFUL);
        scheduleDispatch(issue.missionId());
    }

    /**
     * A freed slot is filled at once rather than at the next poll: a dispatch pass (no tracker poll) on the
     * scheduler thread, so it never overlaps a tick.
     */
    private void scheduleDispatch(String missionId) {
        ScheduledExecutorService current = scheduler;
        if (current == null || current.isShutdown()) {
            return;
        }
        try {
            current.execute(() -> {
                try {
                    MissionRecord mission = deps.queries().mission(missionId).orElse(null);
                    MissionLoader.Loaded loaded = mission == null || mission.paused() ? null : loader.load(mission);
                    if (loaded != null) {
                        dispatch(mission, loaded, deps.trackers().create(mission, loaded.config()));
                    }
                } catch (RuntimeException e) {
                    log.warn("dispatch after an agent exit failed: {}", e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the next start resumes from the database
        }
    }

    private void failAndMaybeRetry(String issueId, OrchestrationState from, String cause, MissionConfig config,
                                   Tracker tracker, MissionIssue issue) {
        if (states.advance(issueId, from, OrchestrationState.FAILED, u -> u.lastError(cause)).isEmpty()) {
            return;
        }
        int attempt = issue.attempt();
        boolean retry = RetryPolicy.canRetry(attempt, config.orchestration().maxRetries());
        if (retry) {
            Instant due = deps.clock().instant().plus(RetryPolicy.backoff(attempt,
                    config.orchestration().maxBackoff()));
            states.advance(issueId, OrchestrationState.FAILED, OrchestrationState.RETRY_QUEUED, u -> u.retryDueAt(due));
        } else {
            TrackerReports.moveState(tracker, issue.trackerIssueId(), config.orchestration().stateOnFailure());
        }
        TrackerReports.comment(tracker, issue.trackerIssueId(), "OrbitDock: attempt " + attempt + " failed: " + cause
                + (retry ? " — retrying." : " — no attempts left."));
    }

    private void detectStalls(String missionId, MissionConfig config) {
        Instant now = deps.clock().instant();
        for (Run run : List.copyOf(runs.values())) {
            MissionIssue issue = run.issue();
            if (!issue.missionId().equals(missionId)) {
                continue;
            }
            Instant last = deps.queries().lastProgress(issue.sessionId());
            Duration silent = last == null ? Duration.ZERO : Duration.between(last, now);
            if (silent.compareTo(config.orchestration().stallTimeout()) <= 0) {
                continue;
            }
            String cause = "stalled: no agent progress for " + silent.toSeconds() + " s (stall_timeout "
                    + config.orchestration().stallTimeout().toSeconds() + " s)";
            if (run.claimEnd() && states.advance(issue.id(), OrchestrationState.RUNNING, OrchestrationState.STALLED,
                    u -> u.lastError(cause)).isPresent()) {
                run.handle().kill();
                workspaces.release(run.workspace(), run.config(), DestroyMode.FORCE);
                retryStalled(issue, cause, config, run.tracker());
            }
        }
    }

    private void retryStalled(MissionIssue issue, String cause, MissionConfig config, Tracker tracker) {
        boolean retry = RetryPolicy.canRetry(issue.attempt(), config.orchestration().maxRetries());
        Instant due = deps.clock().instant().plus(RetryPolicy.backoff(issue.attempt(),
                config.orchestration().maxBackoff()));
        states.advance(issue.id(), OrchestrationState.STALLED,
                retry ? OrchestrationState.RETRY_QUEUED : OrchestrationState.FAILED,
                u -> retry ? u.retryDueAt(due) : u);
        TrackerReports.comment(tracker, issue.trackerIssueId(), "OrbitDock: the agent " + cause + "; it was stopped"
                + (retry ? " and will be retried." : "."));
    }

    /**
     * Issues that were in flight when the previous run stopped: their agents died with it or cannot be watched
     * from here, so they fail (and retry, attempts permitting) rather than sit in a slot forever.
     */
    private void resumeAfterRestart() {
        for (OrchestrationState state : List.of(OrchestrationState.CLAIMED, OrchestrationState.PROVISIONING,
                OrchestrationState.RUNNING)) {
            for (MissionIssue issue : deps.queries().issuesInState(state)) {
                MissionRecord mission = deps.queries().mission(issue.missionId()).orElse(null);
                MissionLoader.Loaded loaded = mission == null ? null : loader.load(mission);
                if (loaded == null) {
                    continue;
                }
                Tracker tracker;
                try {
                    tracker = deps.trackers().create(mission, loaded.config());
                } catch (OrbitDockException e) {
                    tracker = null;
                }
                workspaces.abandon(issue);
                failAndMaybeRetry(issue.id(), state, "OrbitDock restarted while the agent was "
                        + state.wire() + "; the run was abandoned", loaded.config(), tracker, issue);
            }
        }
    }

    private Path worktreeRoot(MissionRecord mission, MissionConfig config) {
        String configured = config.orchestration().worktreeRootDir();
        return configured != null ? mission.repoPath().resolve(configured).normalize()
                : deps.dataDir().resolve("worktrees").resolve(mission.id());
    }

    private Path writePrompt(MissionIssue issue, MissionLoader.Loaded loaded, TrackerIssue fresh, Workspace workspace) {
        String rendered = loaded.template().render(PromptVariables
                .issue(fresh.id(), fresh.identifier(), fresh.title(), fresh.description(), fresh.url(), fresh.state(),
                        fresh.labels(), fresh.priority())
                .attempt(issue.attempt())
                .mission(Map.of("id", issue.missionId(), "name", loaded.mission().name()))
                .workspace(workspace.branch(), workspace.path().toString()));
        try {
            Path dir = Files.createDirectories(deps.dataDir().resolve("runs").resolve(issue.id()));
            Path file = dir.resolve("attempt-" + issue.attempt() + "-prompt.md");
            Files.writeString(file, rendered);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the prompt file: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> agentEnv(MissionIssue issue, Workspace workspace) {
        return Map.of("ORBITDOCK_ISSUE_IDENTIFIER", issue.identifier(),
                "ORBITDOCK_ISSUE_TITLE", issue.title(),
                "ORBITDOCK_BRANCH", workspace.branch(),
                "ORBITDOCK_ATTEMPT", Integer.toString(issue.attempt()));
    }

    /** Stops scheduling and ends every agent this orchestrator runs; their issues resume as failed next start. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        runs.values().forEach(run -> {
            if (run.claimEnd()) {
                run.handle().kill();
            }
        });
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A dispatch step that failed for a reason the user should read as it is. */
    private static final class LaunchFailure extends Exception {
        LaunchFailure(String message) {
            super(message);
        }
    }
}
