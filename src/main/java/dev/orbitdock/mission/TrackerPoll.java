package dev.orbitdock.mission;

import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.store.MissionIssueCommand;
import dev.orbitdock.store.PersistCommand;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import dev.orbitdock.workspace.DestroyMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of a mission's tracker: new candidate issues are queued (renamed ones retitled), and issues closed or
 * deleted in the tracker are completed. Tracker errors propagate, so the caller can skip dispatching.
 */
final class TrackerPoll {
    private static final Logger log = LoggerFactory.getLogger(TrackerPoll.class);
    private static final int MAX_CANDIDATE_PAGES = 20;
    private static final Set<String> TERMINAL_TRACKER_STATES = Set.of("done", "closed", "canceled", "cancelled",
            "completed", "duplicate");
    private static final Set<OrchestrationState> UNSETTLED = EnumSet.copyOf(
            Arrays.stream(OrchestrationState.values()).filter(state -> !state.isSettled()).toList());

    private final MissionQueries queries;
    private final PersistenceWriter writer;
    private final Clock clock;
    private final IdGenerator ids;
    private final IssueStates states;
    private final ActiveRuns runs;
    private final WorkspaceBookkeeping workspaces;

    TrackerPoll(MissionQueries queries, PersistenceWriter writer, Clock clock, IdGenerator ids, IssueStates states,
                ActiveRuns runs, WorkspaceBookkeeping workspaces) {
        this.queries = queries;
        this.writer = writer;
        this.clock = clock;
        this.ids = ids;
        this.states = states;
        this.runs = runs;
        this.workspaces = workspaces;
    }

    void poll(MissionRecord mission, MissionConfig config, Tracker tracker) {
        reconcile(mission.id(), tracker, recordCandidates(mission, config, tracker));
    }

    /** Returns the candidates this poll saw, by tracker id. */
    private Map<String, TrackerIssue> recordCandidates(MissionRecord mission, MissionConfig config, Tracker tracker) {
        Map<String, TrackerIssue> seen = new HashMap<>();
        var filters = config.trigger().filters();
        var query = new CandidateQuery(filters.labels(), filters.states(), filters.project(), filters.team());
        String cursor = null;
        for (int page = 0; page < MAX_CANDIDATE_PAGES; page++) {
            var result = tracker.fetchCandidates(query, cursor);
            Map<String, MissionQueries.KnownIssue> known = queries.knownIssues(mission.id(),
                    result.items().stream().map(TrackerIssue::id).toList());
            List<PersistCommand> changes = new ArrayList<>(); // a page's new issues in one transaction
            for (TrackerIssue issue : result.items()) {
                seen.put(issue.id(), issue);
                MissionQueries.KnownIssue existing = known.get(issue.id());
                if (existing == null) {
                    changes.add(new MissionIssueCommand.Create(ids.newId(), mission.id(), issue.id(),
                            issue.identifier(), issue.title(), issue.url(), issue.priority(), issue.createdAt(),
                            OrchestrationState.QUEUED.wire(), clock.instant()));
                } else if (!existing.title().equals(issue.title())) {
                    changes.add(new IssueUpdate(existing.id(), clock.instant()).title(issue.title()).build());
                }
            }
            if (!changes.isEmpty()) {
                writer.writeAll(changes);
            }
            if (!result.hasNext()) {
                return seen;
            }
            cursor = result.nextCursor();
        }
        return seen;
    }

    /**
     * Issues closed or deleted in the tracker are done; an unknown read changes nothing. Only the open issues this
     * poll's candidates did not include are read again: the candidates were read just now.
     */
    private void reconcile(String missionId, Tracker tracker, Map<String, TrackerIssue> candidates) {
        List<MissionIssue> open = queries.issues(missionId, UNSETTLED);
        List<String> unseen = open.stream().map(MissionIssue::trackerIssueId).filter(id -> !candidates.containsKey(id))
                .toList();
        Map<String, TrackerRead> reads = unseen.isEmpty() ? Map.of() : tracker.fetchIssues(unseen);
        for (MissionIssue issue : open) {
            TrackerIssue candidate = candidates.get(issue.trackerIssueId());
            TrackerRead read = candidate != null ? new TrackerRead.Found(candidate) : reads.get(issue.trackerIssueId());
            String reason = switch (read) {
                case TrackerRead.Found found when isTerminal(found.issue().state()) ->
                        "closed in the tracker (" + found.issue().state() + ")";
                case TrackerRead.Gone gone -> "no longer in the tracker";
                case null, default -> null;
            };
            if (reason != null) {
                finishFromTracker(issue, reason);
            }
        }
    }

    private static boolean isTerminal(String trackerState) {
        return TERMINAL_TRACKER_STATES.contains(trackerState.toLowerCase(Locale.ROOT));
    }

    private void finishFromTracker(MissionIssue issue, String reason) {
        AgentRun run = runs.get(issue.id());
        boolean ours = run != null && run.claimEnd();
        if (states.advance(issue.id(), issue.state(), OrchestrationState.COMPLETED, u -> u.lastError(null)).isEmpty()) {
            return; // moved on meanwhile (e.g. the agent's own exit got there first)
        }
        if (ours) {
            run.handle().kill();
            workspaces.release(run.workspace(), run.config(), DestroyMode.FORCE);
        }
        log.info("{} completed: {}", issue.identifier(), reason);
    }
}
