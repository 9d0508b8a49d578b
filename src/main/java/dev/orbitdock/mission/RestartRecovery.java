package dev.orbitdock.mission;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.workspace.WorkspaceKind;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Issues that were in flight when the previous run stopped. A remote agent whose workspace still sends heartbeats
 * (within {@code stall_timeout}) is re-adopted: it keeps running and is watched through its replicated session.
 * Everything else died with the previous run or cannot be watched from here, so it fails (and retries, attempts
 * permitting) rather than sit in a slot forever; an agent that outlived a crash is stopped and its workspace
 * removed first, a remote one force-destroyed and its token revoked.
 */
final class RestartRecovery {
    private static final Set<String> ALIVE_STATUSES = Set.of("creating", "ready", "running");

    private final MissionQueries queries;
    private final MissionLoader loader;
    private final TrackerFactory trackers;
    private final WorkspaceBookkeeping workspaces;
    private final IssueFailures failures;
    private final Launcher launcher;
    private final Clock clock;

    RestartRecovery(MissionQueries queries, MissionLoader loader, TrackerFactory trackers,
                    WorkspaceBookkeeping workspaces, IssueFailures failures, Launcher launcher, Clock clock) {
        this.launcher = launcher;
        this.clock = clock;
        this.queries = queries;
        this.loader = loader;
        this.trackers = trackers;
        this.workspaces = workspaces;
        this.failures = failures;
    }

    void resume() {
        Set<String> watched = new HashSet<>(); // workspaces of issues still in flight, re-adopted or left as they are
        for (OrchestrationState state : List.of(OrchestrationState.CLAIMED, OrchestrationState.PROVISIONING,
                OrchestrationState.RUNNING)) {
            for (MissionIssue issue : queries.issuesInState(state)) {
                MissionRecord mission = queries.mission(issue.missionId()).orElse(null);
                MissionLoader.Loaded loaded = mission == null ? null : loader.load(mission);
                if (loaded == null) {
                    watched.add(issue.workspaceId()); // its MISSION.md is broken: the issue is left as it is
                    continue;
                }
                Tracker tracker;
                try {
                    tracker = trackers.create(mission, loaded.config());
                } catch (OrbitDockException e) {
                    tracker = null;
                }
                if (state == OrchestrationState.RUNNING && readopt(issue, loaded.config(), tracker)) {
                    watched.add(issue.workspaceId());
                    continue;
                }
                workspaces.abandon(issue);
                failures.fail(issue, state, "OrbitDock restarted while the agent was " + state.wire()
                        + "; the run was abandoned", loaded.config(), tracker);
            }
        }
        sweepOrphans(watched);
    }

    /**
     * Remote workspaces whose issue is no longer in flight but which were never destroyed (the previous run
     * stopped between the issue's end and the destroy): nothing watches them, so they are force-destroyed and their
     * tokens revoked. Workspaces kept by retention are left to the retention sweep.
     */
    private void sweepOrphans(Set<String> watched) {
        for (WorkspaceRecord record : queries.liveRemoteWorkspaces()) {
            if (!watched.contains(record.id()) && record.retainUntil() == null) {
                workspaces.abandon(record);
            }
        }
    }

    private boolean readopt(MissionIssue issue, MissionConfig config, Tracker tracker) {
        WorkspaceRecord record = issue.workspaceId() == null ? null
                : queries.workspace(issue.workspaceId()).orElse(null);
        if (record == null || record.kind() == WorkspaceKind.LOCAL || record.path() == null
                || !ALIVE_STATUSES.contains(record.status()) || record.aliveAt() == null
                || record.aliveAt().plus(config.orchestration().stallTimeout()).isBefore(clock.instant())) {
            return false;
        }
        launcher.adopt(new AgentRun(issue, record.workspace(), new AdoptedInstance(), config, tracker));
        return true;
    }
}
