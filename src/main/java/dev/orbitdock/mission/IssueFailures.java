package dev.orbitdock.mission;

import dev.orbitdock.tracker.Tracker;
import java.time.Clock;
import java.time.Instant;

/** What follows a failed or stalled attempt: a retry after backoff while attempts are left, and a tracker comment. */
final class IssueFailures {
    private final IssueStates states;
    private final Clock clock;

    IssueFailures(IssueStates states, Clock clock) {
        this.states = states;
        this.clock = clock;
    }

    /** {@code from} → failed (unless the issue moved on meanwhile) → retry_queued when attempts are left. */
    void fail(MissionIssue issue, OrchestrationState from, String cause, MissionConfig config, Tracker tracker) {
        if (states.advance(issue.id(), from, OrchestrationState.FAILED, u -> u.lastError(cause)).isEmpty()) {
            return;
        }
        int attempt = issue.attempt();
        boolean retry = RetryPolicy.canRetry(attempt, config.orchestration().maxRetries());
        if (retry) {
            Instant due = retryDue(attempt, config);
            states.advance(issue.id(), OrchestrationState.FAILED, OrchestrationState.RETRY_QUEUED,
                    u -> u.retryDueAt(due));
        } else {
            TrackerReports.moveState(tracker, issue.trackerIssueId(), config.orchestration().stateOnFailure());
        }
        TrackerReports.comment(tracker, issue.trackerIssueId(), "OrbitDock: attempt " + attempt + " failed: " + cause
                + (retry ? " — retrying." : " — no attempts left."));
    }

    /** A stalled issue (already killed and released) is retried after backoff, or fails for good. */
    void afterStall(MissionIssue issue, String cause, MissionConfig config, Tracker tracker) {
        boolean retry = RetryPolicy.canRetry(issue.attempt(), config.orchestration().maxRetries());
        Instant due = retryDue(issue.attempt(), config);
        states.advance(issue.id(), OrchestrationState.STALLED,
                retry ? OrchestrationState.RETRY_QUEUED : OrchestrationState.FAILED,
                u -> retry ? u.retryDueAt(due) : u);
        TrackerReports.comment(tracker, issue.trackerIssueId(), "OrbitDock: the agent " + cause + "; it was stopped"
                + (retry ? " and will be retried." : "."));
    }

    private Instant retryDue(int attempt, MissionConfig config) {
        return clock.instant().plus(RetryPolicy.backoff(attempt, config.orchestration().maxBackoff()));
    }
}
