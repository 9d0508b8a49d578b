package dev.orbitdock.mission;

import dev.orbitdock.store.PersistenceWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The only way an issue's state changes: read, check the transition table, write — under one lock, so the
 * orchestrator's tick, agent exits and people cannot interleave between the check and the write.
 */
final class IssueStates {
    private final MissionQueries queries;
    private final PersistenceWriter writer;
    private final Clock clock;

    IssueStates(MissionQueries queries, PersistenceWriter writer, Clock clock) {
        this.queries = queries;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Moves the issue if it is still in {@code expected} (and the table allows it), with the extra field changes.
     * Returns the issue as it was before, or empty when it had moved on meanwhile (e.g. reconciled by the tick).
     */
    synchronized Optional<MissionIssue> advance(String issueId, OrchestrationState expected, OrchestrationState to,
                                                UnaryOperator<IssueUpdate> fields) {
        MissionIssue issue = queries.issue(issueId).orElse(null);
        if (issue == null || issue.state() != expected || !Transitions.automaticAllowed(expected, to)) {
            return Optional.empty();
        }
        writer.write(fields.apply(new IssueUpdate(issueId, clock.instant()).state(to)).build());
        return Optional.of(issue);
    }

    /** A person's request; refused with the allowed moves when the table says no. */
    synchronized MissionIssue manual(String issueId, OrchestrationState to, UnaryOperator<IssueUpdate> fields) {
        MissionIssue issue = queries.issue(issueId).orElseThrow(() -> new dev.orbitdock.common.OrbitDockException(
                "issue_not_found", "No mission issue '" + issueId + "'", "list them with: orbitdock mission show"));
        if (!Transitions.manualAllowed(issue.state(), to)) {
            throw new InvalidTransitionException(issue, to, Transitions.manualFrom(issue.state()));
        }
        writer.write(fields.apply(new IssueUpdate(issueId, clock.instant()).state(to)).build());
        return queries.issue(issueId).orElseThrow();
    }

    /** Runs {@code body} while no transition can happen (e.g. claim decisions that read several issues). */
    synchronized <T> T exclusively(java.util.function.Supplier<T> body) {
        return body.get();
    }
}
