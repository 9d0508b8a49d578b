package dev.orbitdock.mission;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceRegistry;
import dev.orbitdock.workspace.WorkspaceView;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person destroying a workspace (REST, dashboard, CLI). One the orchestrator made for a mission issue is really
 * destroyed: a run in flight there is stopped first and its issue fails for good (a person stopped it, so a person
 * decides whether it runs again: no automatic retry), and a worktree or remote resource kept by retention is removed
 * through its provider. Any other workspace (registered by hand) only has its row marked destroyed. Either way its
 * sync token is revoked. {@code orbitdock workspace destroy} beside a running server only marks the row: each tick
 * then finishes that destroy here ({@link #finishDestroyedElsewhere}).
 */
final class ManualWorkspaceDestroy {
    private static final Logger log = LoggerFactory.getLogger(ManualWorkspaceDestroy.class);

    private final MissionQueries queries;
    private final IssueStates states;
    private final ActiveRuns runs;
    private final WorkspaceBookkeeping workspaces;
    private final MissionLoader loader;
    private final TrackerFactory trackers;
    private final WorkspaceRegistry registry;

    /** @param registry null: only {@link #finishDestroyedElsewhere} is available */
    ManualWorkspaceDestroy(MissionQueries queries, IssueStates states, ActiveRuns runs, WorkspaceBookkeeping workspaces,
                           MissionLoader loader, TrackerFactory trackers, WorkspaceRegistry registry) {
        this.queries = queries;
        this.states = states;
        this.runs = runs;
        this.workspaces = workspaces;
        this.loader = loader;
        this.trackers = trackers;
        this.registry = registry;
    }

    /** @throws OrbitDockException {@code workspace_not_found} */
    DestroyOutcome destroy(String workspaceId, DestroyOrigin origin) {
        WorkspaceView view = registry.require(workspaceId);
        MissionIssue issue = view.destroyedAt() != null || view.missionIssueId() == null ? null
                : queries.issue(view.missionIssueId()).orElse(null);
        WorkspaceRecord record = issue == null ? null : queries.workspace(workspaceId).orElse(null);
        boolean current = issue != null && workspaceId.equals(issue.workspaceId());
        if (record == null || !(current || record.retainUntil() != null)) {
            // not the orchestrator's: the row alone, as for any workspace
            return new DestroyOutcome(registry.destroy(workspaceId), null, false, false);
        }
        String stopped = null;
        if (current && issue.state().isActive()) {
            stopped = stopRun(issue, origin) ? issue.identifier() : null;
            record = queries.workspace(workspaceId).orElse(record); // provisioning may have told where it is since
        }
        boolean removed = workspaces.destroyNow(record, "destroyed " + origin.where());
        // revokes the token; a row already marked destroyed stays as it is
        return new DestroyOutcome(registry.destroy(workspaceId), stopped, true, removed);
    }

    /**
     * Finishes destroys another process made (it marked the row and revoked the token): the run in flight there is
     * stopped, its issue fails and the workspace is removed through its provider, as {@link #destroy} does. A
     * destroy through {@link #destroy} failed the issue before marking the row, so it is never seen here.
     */
    void finishDestroyedElsewhere(String missionId) {
        for (MissionIssue issue : queries.inFlightOnDestroyedWorkspace(missionId)) {
            AgentRun run = runs.get(issue.id());
            if (run == null && issue.state() == OrchestrationState.RUNNING) {
                continue; // its agent's exit is being decided right now
            }
            if (run != null && !run.claimEnd()) {
                continue; // its end is already being decided (exit, stall, reconciliation)
            }
            Optional<MissionIssue> failed = failInFlight(issue, DestroyOrigin.CLI);
            if (run != null) {
                run.handle().kill();
                queries.workspace(issue.workspaceId()).ifPresent(record -> workspaces.removeDestroyed(record,
                        "destroyed " + DestroyOrigin.CLI.where()));
            } // else its launch is under way: it sees the destroyed row, stops, and removes what it made
            failed.ifPresent(stopped -> report(stopped, run, DestroyOrigin.CLI));
        }
    }

    /**
     * Claims the run's end before the state change, so the agent's exit (about to come) decides nothing; a launch
     * still under way notices the issue moved on before its next step, and removes what it made.
     *
     * @return whether this stopped it (false: its end was already being decided elsewhere)
     */
    private boolean stopRun(MissionIssue issue, DestroyOrigin origin) {
        AgentRun run = runs.get(issue.id());
        if (run != null && !run.claimEnd()) {
            return false; // its end is already being decided (exit, stall, reconciliation)
        }
        Optional<MissionIssue> stopped = failInFlight(issue, origin);
        if (run != null && run.workspace().kind() != WorkspaceKind.LOCAL) {
            run.handle().kill(); // it really ends with its workspace, destroyed next; a local one is stopped there
        }
        stopped.ifPresent(failed -> report(failed, run, origin));
        return stopped.isPresent();
    }

    /** In flight → failed, following the issue through claimed → provisioning → running should it move meanwhile. */
    private Optional<MissionIssue> failInFlight(MissionIssue issue, DestroyOrigin origin) {
        MissionIssue now = issue;
        while (now != null && now.state().isActive() && issue.workspaceId().equals(now.workspaceId())) {
            if (states.advance(now.id(), now.state(), OrchestrationState.FAILED, u -> u.lastError(origin.cause()))
                    .isPresent()) {
                return queries.issue(issue.id());
            }
            now = queries.issue(issue.id()).orElse(null);
        }
        return Optional.empty();
    }

    private void report(MissionIssue issue, AgentRun run, DestroyOrigin origin) {
        MissionConfig config;
        Tracker tracker;
        if (run != null) {
            config = run.config();
            tracker = run.tracker();
        } else {
            MissionRecord mission = queries.mission(issue.missionId()).orElse(null);
            MissionLoader.Loaded loaded = mission == null ? null : loader.load(mission);
            if (loaded == null) {
                return; // its MISSION.md is broken: nothing to tell the tracker with
            }
            config = loaded.config();
            try {
                tracker = trackers.create(mission, config);
            } catch (OrbitDockException e) {
                log.warn("could not tell the tracker that {} was stopped: {}", issue.identifier(), e.getMessage());
                return;
            }
        }
        TrackerReports.moveState(tracker, issue.trackerIssueId(), config.orchestration().stateOnFailure());
        TrackerReports.comment(tracker, issue.trackerIssueId(), "OrbitDock: attempt " + issue.attempt()
                + " was stopped: its workspace was destroyed " + origin.where() + ". It is not retried on its own;"
                + " retry it from the dashboard or with `orbitdock mission retry`.");
    }
}
