package dev.orbitdock.mission;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.workspace.WorkspaceKind;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues that were in flight when the previous run stopped. A remote agent whose workspace still sends heartbeats
 * (within {@code stall_timeout}) is re-adopted: it keeps running and is watched through its replicated session.
 * Everything else died with the previous run or cannot be watched from here, so it fails (and retries, attempts
 * permitting) rather than sit in a slot forever; an agent that outlived a crash is stopped and its workspace
 * removed first, a remote one force-destroyed and its token revoked. Then each configured remote provider is
 * listed by OrbitDock's labels: a resource that no live row watches is destroyed, and a row whose resource is gone
 * is neither re-adopted nor kept.
 */
final class RestartRecovery {
    private static final Logger log = LoggerFactory.getLogger(RestartRecovery.class);
    private static final Set<String> ALIVE_STATUSES = Set.of("creating", "ready", "running");

    private final MissionQueries queries;
    private final MissionLoader loader;
    private final TrackerFactory trackers;
    private final WorkspaceBookkeeping workspaces;
    private final IssueFailures failures;
    private final Launcher launcher;
    private final ProviderLookup providers;
    private final Clock clock;

    RestartRecovery(MissionQueries queries, MissionLoader loader, TrackerFactory trackers,
                    WorkspaceBookkeeping workspaces, IssueFailures failures, Launcher launcher,
                    ProviderLookup providers, Clock clock) {
        this.launcher = launcher;
        this.providers = providers;
        this.clock = clock;
        this.queries = queries;
        this.loader = loader;
        this.trackers = trackers;
        this.workspaces = workspaces;
        this.failures = failures;
    }

    void resume() {
        RemoteResources resources = RemoteResources.list(providers, workspaces);
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
                if (state == OrchestrationState.RUNNING && readopt(issue, loaded.config(), tracker, resources)) {
                    watched.add(issue.workspaceId());
                    continue;
                }
                workspaces.abandon(issue);
                failures.fail(issue, state, "OrbitDock restarted while the agent was " + state.wire()
                        + "; the run was abandoned", loaded.config(), tracker);
            }
        }
        sweepOrphans(watched, resources);
    }

    /**
     * Remote workspaces whose issue is no longer in flight but which were never destroyed (the previous run
     * stopped between the issue's end and the destroy): nothing watches them, so they are force-destroyed and their
     * tokens revoked. Workspaces kept by retention are left to the retention sweep, unless their resource is gone.
     * Last, what the providers hold that no row still watches (a crash between create and the row's update, a row
     * marked destroyed whose destroy failed) is destroyed.
     */
    private void sweepOrphans(Set<String> watched, RemoteResources resources) {
        Set<String> handled = new HashSet<>(watched);
        for (WorkspaceRecord record : queries.liveRemoteWorkspaces()) {
            if (!watched.contains(record.id()) && record.retainUntil() == null) {
                workspaces.abandon(record);
                handled.add(record.id());
            }
        }
        for (WorkspaceRecord kept : queries.retainedWorkspaces()) {
            if (kept.kind() != WorkspaceKind.LOCAL && resources.gone(kept)) {
                log.info("kept {} workspace {} no longer exists at its provider: marked destroyed",
                        kept.provider().toLowerCase(Locale.ROOT), kept.id());
                workspaces.destroyed(kept.workspace());
            }
            handled.add(kept.id());
        }
        resources.sweep(handled);
    }

    private boolean readopt(MissionIssue issue, MissionConfig config, Tracker tracker, RemoteResources resources) {
        WorkspaceRecord record = issue.workspaceId() == null ? null
                : queries.workspace(issue.workspaceId()).orElse(null);
        if (record == null || record.kind() == WorkspaceKind.LOCAL || record.path() == null || resources.gone(record)
                || !ALIVE_STATUSES.contains(record.status()) || record.aliveAt() == null
                || record.aliveAt().plus(config.orchestration().stallTimeout()).isBefore(clock.instant())) {
            return false;
        }
        launcher.adopt(new AgentRun(issue, record.workspace(), new AdoptedInstance(), config, tracker));
        return true;
    }
}
