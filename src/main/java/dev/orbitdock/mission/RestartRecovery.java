package dev.orbitdock.mission;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.tracker.Tracker;
import java.util.List;

/**
 * Issues that were in flight when the previous run stopped: their agents died with it or cannot be watched from
 * here, so they fail (and retry, attempts permitting) rather than sit in a slot forever. An agent that outlived
 * a crash is stopped and its worktree removed first.
 */
final class RestartRecovery {
    private final MissionQueries queries;
    private final MissionLoader loader;
    private final TrackerFactory trackers;
    private final WorkspaceBookkeeping workspaces;
    private final IssueFailures failures;

    RestartRecovery(MissionQueries queries, MissionLoader loader, TrackerFactory trackers,
                    WorkspaceBookkeeping workspaces, IssueFailures failures) {
        this.queries = queries;
        this.loader = loader;
        this.trackers = trackers;
        this.workspaces = workspaces;
        this.failures = failures;
    }

    void resume() {
        for (OrchestrationState state : List.of(OrchestrationState.CLAIMED, OrchestrationState.PROVISIONING,
                OrchestrationState.RUNNING)) {
            for (MissionIssue issue : queries.issuesInState(state)) {
                MissionRecord mission = queries.mission(issue.missionId()).orElse(null);
                MissionLoader.Loaded loaded = mission == null ? null : loader.load(mission);
                if (loaded == null) {
                    continue;
                }
                Tracker tracker;
                try {
                    tracker = trackers.create(mission, loaded.config());
                } catch (OrbitDockException e) {
                    tracker = null;
                }
                workspaces.abandon(issue);
                failures.fail(issue, state, "OrbitDock restarted while the agent was " + state.wire()
                        + "; the run was abandoned", loaded.config(), tracker);
            }
        }
    }
}
