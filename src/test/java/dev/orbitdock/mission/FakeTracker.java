package dev.orbitdock.mission;

import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.Page;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An in-memory tracker a test scripts: issues are added, closed (state "Done"), deleted (reads say Gone), and the
 * whole tracker can go down (reads say Unknown, every other call throws {@link TrackerException.Unavailable}).
 * Candidates come two to a page, so the orchestrator's paging is exercised too.
 *
 * <p>It also counts the single-issue reads made off the {@code driver} thread that did not find the issue: those are
 * the orchestrator's launches giving up before they reach the workspace provider, which a test waiting for launches
 * to settle needs to know about.
 */
final class FakeTracker implements Tracker {
    private static final int PAGE_SIZE = 2;

    private final Clock clock;
    private final Thread driver;
    private final Map<String, TrackerIssue> issues = new LinkedHashMap<>();
    private final List<String> comments = new ArrayList<>();
    private final List<String> moves = new ArrayList<>();
    private boolean down;
    private int nextNumber = 1;
    private int failedAsyncReads;

    FakeTracker(Clock clock, Thread driver) {
        this.clock = clock;
        this.driver = driver;
    }

    /** Adds an open ("Todo") issue; returns its id ({@code T-1}, {@code T-2}, …). */
    synchronized String add(int priority) {
        String id = "T-" + nextNumber++;
        issues.put(id, new TrackerIssue(id, id, "Issue " + id, "Do " + id + ".", "https://tracker.invalid/" + id,
                "Todo", List.of(), priority, clock.instant()));
        return id;
    }

    synchronized void close(String id) {
        issues.computeIfPresent(id, (k, issue) -> withState(issue, "Done"));
    }

    synchronized void delete(String id) {
        issues.remove(id);
    }

    synchronized void setDown(boolean down) {
        this.down = down;
    }

    synchronized boolean isDown() {
        return down;
    }

    synchronized boolean exists(String id) {
        return issues.containsKey(id);
    }

    /** Ids of the issues that still exist, oldest first. */
    synchronized List<String> ids() {
        return List.copyOf(issues.keySet());
    }

    synchronized int failedAsyncReads() {
        return failedAsyncReads;
    }

    synchronized List<String> comments() {
        return List.copyOf(comments);
    }

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public synchronized Page<TrackerIssue> fetchCandidates(CandidateQuery query, String cursor) {
        requireUp();
        List<TrackerIssue> matching = issues.values().stream()
                .filter(i -> query.states().isEmpty() || query.states().stream()
                        .anyMatch(s -> s.toLowerCase(Locale.ROOT).equals(i.state().toLowerCase(Locale.ROOT))))
                .toList();
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(from + PAGE_SIZE, matching.size());
        return new Page<>(matching.subList(from, to), to < matching.size() ? Integer.toString(to) : null);
    }

    @Override
    public synchronized Map<String, TrackerRead> fetchIssues(Collection<String> issueIds) {
        Map<String, TrackerRead> reads = new LinkedHashMap<>();
        for (String id : issueIds) {
            TrackerIssue issue = issues.get(id);
            reads.put(id, down ? new TrackerRead.Unknown(new TrackerException.Unavailable("tracker is down", null))
                    : issue == null ? new TrackerRead.Gone() : new TrackerRead.Found(issue));
        }
        if (Thread.currentThread() != driver && issueIds.size() == 1
                && !(reads.values().iterator().next() instanceof TrackerRead.Found)) {
            failedAsyncReads++;
        }
        return reads;
    }

    @Override
    public synchronized TrackerComment comment(String issueId, String body) {
        comments.add(issueId + ": " + body);
        requireUp();
        requireExists(issueId);
        return new TrackerComment(Integer.toString(comments.size()), body, null, clock.instant());
    }

    @Override
    public Page<TrackerComment> fetchComments(String issueId, String cursor) {
        throw new UnsupportedOperationException("the orchestrator does not read comments");
    }

    @Override
    public TrackerComment updateComment(String issueId, String commentId, String body) {
        throw new UnsupportedOperationException("the orchestrator does not edit comments");
    }

    @Override
    public synchronized void moveState(String issueId, String state) {
        moves.add(issueId + " -> " + state);
        requireUp();
        requireExists(issueId);
        issues.computeIfPresent(issueId, (k, issue) -> withState(issue, state));
    }

    @Override
    public synchronized void linkUrl(String issueId, String url, String title) {
        requireUp();
        requireExists(issueId);
    }

    @Override
    public TrackerIssue createFollowUp(String parentIssueId, String title, String description) {
        throw new UnsupportedOperationException("the orchestrator does not create follow-ups");
    }

    private void requireUp() {
        if (down) {
            throw new TrackerException.Unavailable("tracker is down", null);
        }
    }

    private void requireExists(String issueId) {
        if (!issues.containsKey(issueId)) {
            throw new TrackerException.Invalid("no issue " + issueId);
        }
    }

    private static TrackerIssue withState(TrackerIssue issue, String state) {
        return new TrackerIssue(issue.id(), issue.identifier(), issue.title(), issue.description(), issue.url(), state,
                issue.labels(), issue.priority(), issue.createdAt());
    }
}
