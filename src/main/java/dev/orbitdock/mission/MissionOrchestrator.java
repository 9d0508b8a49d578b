package dev.orbitdock.mission;

import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.store.MissionCommand;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import dev.orbitdock.workspace.WorkspaceView;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every registered mission: polls its tracker, reconciles, dispatches eligible issues to workspaces, watches
 * agents, retries with backoff and detects stalls (ARCHITECTURE.md §5). {@link #tick(String)} is one complete
 * cycle for one mission, so tests drive it directly with a fixed clock; {@link #start()} runs it on a schedule.
 * The parts: {@link TrackerPoll}, {@link Dispatcher} (with {@link AgentPicker}), {@link Launcher},
 * {@link StallWatch}, {@link RestartRecovery} and {@link TickLoop}.
 */
public final class MissionOrchestrator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MissionOrchestrator.class);

    /** What the orchestrator works with; the composition root builds it. */
    public record Deps(MissionQueries queries, PersistenceWriter writer, Clock clock, IdGenerator ids,
                       TrackerFactory trackers, ProviderLookup providers, Path dataDir, RemoteSettings remote,
                       MissionToolsAccess missionTools) {
        /** Only the given providers, no remote dispatch settings, and no mission tools for the agents. */
        public Deps(MissionQueries queries, PersistenceWriter writer, Clock clock, IdGenerator ids,
                    TrackerFactory trackers, Map<WorkspaceKind, WorkspaceProvider> providers, Path dataDir) {
            this(queries, writer, clock, ids, trackers, ProviderLookup.of(providers), dataDir,
                    RemoteSettings.LOCAL_ONLY, MissionToolsAccess.NONE);
        }

        /** Remote dispatch, and no mission tools for the agents. */
        public Deps(MissionQueries queries, PersistenceWriter writer, Clock clock, IdGenerator ids,
                    TrackerFactory trackers, ProviderLookup providers, Path dataDir, RemoteSettings remote) {
            this(queries, writer, clock, ids, trackers, providers, dataDir, remote, MissionToolsAccess.NONE);
        }
    }

    private final Deps deps;
    private final IssueStates states;
    private final MissionLoader loader;
    private final WorkspaceBookkeeping workspaces;
    private final ActiveRuns runs = new ActiveRuns();
    private final TrackerPoll poll;
    private final Dispatcher dispatcher;
    private final Launcher launcher;
    private final StallWatch stalls;
    private final RestartRecovery recovery;
    private final RemoteSessionWatch sessions;
    private final ManualWorkspaceDestroy destroys;
    private final TickLoop loop;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public MissionOrchestrator(Deps deps) {
        this.deps = deps;
        this.states = new IssueStates(deps.queries(), deps.writer(), deps.clock());
        this.loader = new MissionLoader(deps.writer(), deps.clock());
        this.workspaces = new WorkspaceBookkeeping(deps.queries(), deps.writer(), deps.clock(), deps.providers(),
                deps.remote().registry());
        IssueFailures failures = new IssueFailures(states, deps.clock());
        this.poll = new TrackerPoll(deps.queries(), deps.writer(), deps.clock(), deps.ids(), states, runs, workspaces);
        this.dispatcher = new Dispatcher(deps.queries(), deps.ids(), states);
        this.loop = new TickLoop(deps.queries(), deps.clock(), new TickLoop.Cycle() {
            @Override
            public void tick(String missionId) {
                MissionOrchestrator.this.tick(missionId);
            }

            @Override
            public void dispatch(String missionId) {
                dispatchOnly(missionId);
            }
        });
        this.launcher = new Launcher(deps.queries(), deps.writer(), deps.clock(), deps.providers(), deps.remote(),
                deps.dataDir(), states, workspaces, runs, failures, loop::dispatchSoon, deps.missionTools());
        this.stalls = new StallWatch(deps.queries(), deps.clock(), states, runs, workspaces, failures);
        this.recovery = new RestartRecovery(deps.queries(), loader, deps.trackers(), workspaces, failures, launcher,
                deps.providers(), deps.clock());
        this.sessions = new RemoteSessionWatch(deps.queries(), runs);
        this.destroys = new ManualWorkspaceDestroy(deps.queries(), states, runs, workspaces, loader, deps.trackers(),
                deps.remote().registry());
    }

    /** Resumes what the database says was in flight, then ticks every mission when it is due. */
    public synchronized void start() {
        recovery.resume();
        loop.start();
    }

    /** Number of agents running under this orchestrator. */
    public int runningAgents() {
        return runs.count();
    }

    /**
     * A person's destroy of a workspace through the API: the run in flight there is stopped (its issue fails, with
     * no automatic retry), a workspace kept by retention is removed through its provider; the row ends destroyed,
     * its token revoked. A workspace no mission made only has its row destroyed.
     *
     * @throws dev.orbitdock.common.OrbitDockException {@code workspace_not_found}
     * @throws IllegalStateException when this orchestrator was built without the workspace registry
     */
    public WorkspaceView destroyWorkspace(String workspaceId) {
        return destroyWorkspace(workspaceId, DestroyOrigin.API).workspace();
    }

    /** As {@link #destroyWorkspace(String)}, saying where the destroy came from and what it did. */
    public DestroyOutcome destroyWorkspace(String workspaceId, DestroyOrigin origin) {
        if (deps.remote().registry() == null) {
            throw new IllegalStateException("this orchestrator has no workspace registry to destroy workspaces with");
        }
        return destroys.destroy(workspaceId, origin);
    }

    /** One cycle for one mission: reload MISSION.md, stalls, due retries, poll, reconcile, dispatch. */
    public void tick(String missionId) {
        MissionRecord mission = deps.queries().mission(missionId).orElse(null);
        if (mission == null) {
            return;
        }
        destroys.finishDestroyedElsewhere(missionId); // even with a broken MISSION.md: a person asked for it
        MissionLoader.Loaded loaded = loader.load(mission);
        Instant now = deps.clock().instant();
        if (loaded == null) {
            loop.pollAgainAt(missionId, now.plusSeconds(60));
            return; // parse error is recorded on the mission; running agents are still watched by stall checks
        }
        MissionConfig config = loaded.config();
        loop.pollAgainAt(missionId, now.plus(config.trigger().interval()));
        sessions.check(missionId);
        stalls.check(missionId, config);
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
            poll.poll(mission, config, tracker);
        } catch (TrackerException e) {
            pollError = e.getMessage();
            log.warn("polling the tracker of {} failed: {}", mission.name(), e.getMessage());
        }
        deps.writer().write(new MissionCommand.PollResult(missionId, deps.clock().instant(), pollError));
        if (!mission.paused() && pollError == null) { // an unreachable tracker must not cost anyone an attempt
            dispatch(loaded, tracker);
        }
    }

    /** A dispatch pass without a poll, after an agent's exit freed a slot. */
    private void dispatchOnly(String missionId) {
        MissionRecord mission = deps.queries().mission(missionId).orElse(null);
        MissionLoader.Loaded loaded = mission == null || mission.paused() ? null : loader.load(mission);
        if (loaded != null) {
            dispatch(loaded, deps.trackers().create(mission, loaded.config()));
        }
    }

    private void dispatch(MissionLoader.Loaded loaded, Tracker tracker) {
        for (Dispatcher.Claim claim : dispatcher.claim(loaded.mission().id(), loaded.config())) {
            workers.submit(() -> launcher.launch(loaded, tracker, claim));
        }
    }

    private void releaseDueRetries(String missionId, Instant now) {
        for (MissionIssue issue : deps.queries().issues(missionId, EnumSet.of(OrchestrationState.RETRY_QUEUED))) {
            if (issue.retryDueAt() != null && !now.isBefore(issue.retryDueAt())) {
                states.advance(issue.id(), OrchestrationState.RETRY_QUEUED, OrchestrationState.QUEUED,
                        u -> u.retryDueAt(null));
            }
        }
    }

    /** Stops scheduling and ends every agent this orchestrator runs; their issues resume as failed next start. */
    @Override
    public synchronized void close() {
        loop.close();
        runs.killAll();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
