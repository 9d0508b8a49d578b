package dev.orbitdock.tracker;

import java.util.Collection;
import java.util.Map;

/**
 * An issue tracker as the orchestrator needs it. Implementations: local (Markdown files), GitHub, Linear. Every
 * method may throw {@link TrackerException}; reads of single issues return {@link TrackerRead} instead.
 */
public interface Tracker {
    /** {@code local}, {@code github}, {@code linear}. */
    String kind();

    /** One page of candidate issues; pass the previous page's cursor (null for the first). */
    Page<TrackerIssue> fetchCandidates(CandidateQuery query, String cursor);

    /** Current state of each issue, by tracker id; every requested id is a key of the result. */
    Map<String, TrackerRead> fetchIssues(Collection<String> issueIds);

    /** Posts a comment; returns it as the tracker stored it (its id edits it later). */
    TrackerComment comment(String issueId, String body);

    /** One page of the issue's comments; pass the previous page's cursor (null for the first). */
    Page<TrackerComment> fetchComments(String issueId, String cursor);

    /**
     * Replaces the body of a comment; returns it as stored now. GitHub and Linear find a comment by its id alone,
     * so a caller that must stay within one issue checks first that the comment is among its comments.
     *
     * @throws TrackerException.Invalid when there is no such comment
     */
    TrackerComment updateComment(String issueId, String commentId, String body);

    /** Moves the issue to the named state (a tracker state name, e.g. "In Progress"). */
    void moveState(String issueId, String state);

    /** Attaches a link (e.g. a pull request) to the issue. */
    void linkUrl(String issueId, String url, String title);

    TrackerIssue createFollowUp(String parentIssueId, String title, String description);
}
