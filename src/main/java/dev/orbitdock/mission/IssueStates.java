package dev.orbitdock.mission;

import dev.orbitdock.store.PersistCommand;
import dev.orbitdock.store.PersistenceWriter;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;

/**
 * The only way an issue's state changes: read, check the transition table, write — under one lock, so the
 * orchestrator's tick, agent exits and people cannot interleave between the check and the write. The lock belongs
 * to the database's writer, not to an instance: the orchestrator, {@link MissionService} and {@link MissionTools}
 * each hold their own {@code IssueStates} over the same database and must still take turns.
 */
final class IssueStates {
    private static final Map<PersistenceWriter, Object> LOCKS = Collections.synchronizedMap(new WeakHashMap<>());

    private final MissionQueries queries;
    private final PersistenceWriter writer;
    private final Clock clock;
    private final Object lock;

    IssueStates(MissionQueries queries, PersistenceWriter writer, Clock clock) {
        this.queries = queries;
        this.writer = writer;
        this.clock = clock;
        this.lock = LOCKS.computeIfAbsent(writer, w -> new Object());
    }

    /**
     * Moves the issue if it is still in {@code expected} (and the table allows it), with the extra field changes.
     * Returns the state it left ({@code expected}), or empty when it had moved on meanwhile (e.g. reconciled by the
     * tick). Only the state is read: this runs several times per issue.
     */
    Optional<OrchestrationState> advance(String issueId, OrchestrationState expected, OrchestrationState to,
                                         UnaryOperator<IssueUpdate> fields) {
        return advance(issueId, expected, to, fields, null);
    }

    /**
     * As {@link #advance(String, OrchestrationState, OrchestrationState, UnaryOperator)}, with {@code alongside}
     * committed in the same transaction as the state change, and not at all when the issue had moved on (a launch
     * must not mark running the workspace of an issue a person stopped and destroyed meanwhile).
     */
    Optional<OrchestrationState> advance(String issueId, OrchestrationState expected, OrchestrationState to,
                                         UnaryOperator<IssueUpdate> fields, PersistCommand alongside) {
        synchronized (lock) {
            if (queries.state(issueId).orElse(null) != expected || !Transitions.automaticAllowed(expected, to)) {
                return Optional.empty();
            }
            PersistCommand change = fields.apply(new IssueUpdate(issueId, clock.instant()).state(to)).build();
            if (alongside == null) {
                writer.write(change);
            } else {
                writer.writeAll(List.of(alongside, change));
            }
            return Optional.of(expected);
        }
    }

    /** A person's request; refused with the allowed moves when the table says no. */
    MissionIssue manual(String issueId, OrchestrationState to, UnaryOperator<IssueUpdate> fields) {
        synchronized (lock) {
            MissionIssue issue = queries.issue(issueId).orElseThrow(() -> new dev.orbitdock.common.OrbitDockException(
                    "issue_not_found", "No mission issue '" + issueId + "'", "list them with: orbitdock mission show"));
            if (!Transitions.manualAllowed(issue.state(), to)) {
                throw new InvalidTransitionException(issue, to, Transitions.manualFrom(issue.state()));
            }
            writer.write(fields.apply(new IssueUpdate(issueId, clock.instant()).state(to)).build());
            return queries.issue(issueId).orElseThrow();
        }
    }

    /** Runs {@code body} while no transition can happen (e.g. claim decisions that read several issues). */
    <T> T exclusively(java.util.function.Supplier<T> body) {
        synchronized (lock) {
            return body.get();
        }
    }
}
