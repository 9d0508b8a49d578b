package dev.orbitdock.mission;

import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.WorkspaceKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops agents that made no progress for {@code stall_timeout}, and remote agents whose workspace sent no heartbeat
 * for as long (ARCHITECTURE §5: alive and progressing are told apart, and the reason says which). The issue
 * becomes {@code stalled}, its workspace is force-destroyed, and it is retried while attempts are left.
 */
final class StallWatch {
    private final MissionQueries queries;
    private final Clock clock;
    private final IssueStates states;
    private final ActiveRuns runs;
    private final WorkspaceBookkeeping workspaces;
    private final IssueFailures failures;

    StallWatch(MissionQueries queries, Clock clock, IssueStates states, ActiveRuns runs,
               WorkspaceBookkeeping workspaces, IssueFailures failures) {
        this.queries = queries;
        this.clock = clock;
        this.states = states;
        this.runs = runs;
        this.workspaces = workspaces;
        this.failures = failures;
    }

    void check(String missionId, MissionConfig config) {
        Instant now = clock.instant();
        Duration timeout = config.orchestration().stallTimeout();
        for (AgentRun run : runs.ofMission(missionId)) {
            MissionIssue issue = run.issue();
            String cause = deadWorkspace(run, now, timeout);
            if (cause == null) {
                Duration silent = since(queries.lastProgress(issue.sessionId()), now);
                cause = silent.compareTo(timeout) <= 0 ? null : "stalled: no agent progress for "
                        + silent.toSeconds() + " s (stall_timeout " + timeout.toSeconds() + " s)";
            }
            if (cause == null) {
                continue;
            }
            String reason = cause;
            if (run.claimEnd() && states.advance(issue.id(), OrchestrationState.RUNNING, OrchestrationState.STALLED,
                    u -> u.lastError(reason)).isPresent()) {
                run.handle().kill();
                workspaces.release(run.workspace(), run.config(), DestroyMode.FORCE);
                failures.afterStall(issue, reason, config, run.tracker());
            }
        }
    }

    /** Why a remote workspace counts as dead (no heartbeat for {@code stall_timeout}), or null while it is alive. */
    private String deadWorkspace(AgentRun run, Instant now, Duration timeout) {
        if (run.workspace().kind() == WorkspaceKind.LOCAL) {
            return null; // a local agent is a child process: its exit is seen directly
        }
        Duration quiet = since(queries.workspace(run.workspace().id()).map(WorkspaceRecord::aliveAt).orElse(null),
                now);
        return quiet.compareTo(timeout) <= 0 ? null : "stalled: no heartbeat from the workspace for "
                + quiet.toSeconds() + " s (stall_timeout " + timeout.toSeconds() + " s)";
    }

    private static Duration since(Instant last, Instant now) {
        return last == null ? Duration.ZERO : Duration.between(last, now);
    }
}
