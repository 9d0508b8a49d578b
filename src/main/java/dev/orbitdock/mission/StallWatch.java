package dev.orbitdock.mission;

import dev.orbitdock.workspace.DestroyMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Stops agents that made no progress for {@code stall_timeout} (the issue becomes {@code stalled}, then retried). */
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
            Instant last = queries.lastProgress(issue.sessionId());
            Duration silent = last == null ? Duration.ZERO : Duration.between(last, now);
            if (silent.compareTo(timeout) <= 0) {
                continue;
            }
            String cause = "stalled: no agent progress for " + silent.toSeconds() + " s (stall_timeout "
                    + timeout.toSeconds() + " s)";
            if (run.claimEnd() && states.advance(issue.id(), OrchestrationState.RUNNING, OrchestrationState.STALLED,
                    u -> u.lastError(cause)).isPresent()) {
                run.handle().kill();
                workspaces.release(run.workspace(), run.config(), DestroyMode.FORCE);
                failures.afterStall(issue, cause, config, run.tracker());
            }
        }
    }
}
