package dev.orbitdock.mission;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.tracker.Page;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an agent may do to the one mission issue it works on (the mission tools, served over MCP by
 * {@code orbitdock mcp-mission-tools} through the REST API): read the issue, read, post and edit its comments (the
 * {@code ## Workpad} one among them), move its tracker state, link a pull request, file a follow-up and report
 * itself blocked. Every call goes to the mission's own tracker, built
 * from its MISSION.md as the orchestrator builds it; tracker errors reach the caller rather than being swallowed,
 * since the agent asked for this and should know it failed.
 */
public final class MissionTools {
    /** A workpad comment starts with this heading (leading blank lines and trailing text on its line allowed). */
    private static final Pattern WORKPAD_HEADING = Pattern.compile("\\s*## Workpad\\b");
    /** Bounds the calls one listing makes: thousands of comments, more than an issue's agent should write. */
    private static final int MAX_COMMENT_PAGES = 50;
    private static final Object[] WORKPAD_LOCKS = new Object[64];

    static {
        Arrays.setAll(WORKPAD_LOCKS, i -> new Object());
    }

    private final MissionQueries queries;
    private final PersistenceWriter writer;
    private final Clock clock;
    private final TrackerFactory trackers;
    private final IssueStates states;
    private final MissionLoader loader;

    public MissionTools(MissionQueries queries, PersistenceWriter writer, Clock clock, TrackerFactory trackers) {
        this.queries = queries;
        this.writer = writer;
        this.clock = clock;
        this.trackers = trackers;
        this.states = new IssueStates(queries, writer, clock);
        this.loader = new MissionLoader(writer, clock);
    }

    /** The issue as OrbitDock tracks it and as the tracker has it now. */
    public record IssueView(MissionIssue issue, TrackerIssue tracker) {}

    public IssueView issue(String missionIssueId) {
        Context context = context(missionIssueId);
        TrackerRead read = context.tracker().fetchIssues(List.of(context.issue().trackerIssueId()))
                .get(context.issue().trackerIssueId());
        return switch (read) {
            case TrackerRead.Found found -> new IssueView(context.issue(), found.issue());
            case TrackerRead.Gone gone -> throw new OrbitDockException("tracker_issue_not_found",
                    "The issue no longer exists in the tracker", "stop working on it");
            case TrackerRead.Unknown unknown -> throw unknown.error();
        };
    }

    public TrackerComment comment(String missionIssueId, String body) {
        Context context = context(missionIssueId);
        return context.tracker().comment(context.issue().trackerIssueId(), required(body, "body"));
    }

    /** Every comment of the issue, oldest first. */
    public List<TrackerComment> comments(String missionIssueId) {
        return comments(context(missionIssueId));
    }

    /** Edits one of the issue's own comments; a comment of any other issue is refused, as if it did not exist. */
    public TrackerComment updateComment(String missionIssueId, String commentId, String body) {
        Context context = context(missionIssueId);
        String id = required(commentId, "comment_id");
        String text = required(body, "body");
        if (comments(context).stream().noneMatch(comment -> comment.id().equals(id))) {
            throw new OrbitDockException("comment_not_found", "Issue " + context.issue().identifier()
                    + " has no comment '" + id + "'", "list_comments gives the ids of its comments");
        }
        return context.tracker().updateComment(context.issue().trackerIssueId(), id, text);
    }

    /** The workpad comment as it is now, and whether this call created it. */
    public record Workpad(TrackerComment comment, boolean created) {}

    /**
     * Keeps one {@code ## Workpad} comment on the issue current: edits the first comment that starts with that
     * heading, or posts it when there is none. The heading is added when {@code body} lacks it.
     */
    public Workpad updateWorkpad(String missionIssueId, String body) {
        Context context = context(missionIssueId);
        String text = required(body, "body");
        String workpad = WORKPAD_HEADING.matcher(text).lookingAt() ? text : "## Workpad\n\n" + text;
        String trackerId = context.issue().trackerIssueId();
        // Two calls at once must not both find no workpad and post one each.
        synchronized (WORKPAD_LOCKS[Math.floorMod(missionIssueId.hashCode(), WORKPAD_LOCKS.length)]) {
            Optional<TrackerComment> existing = comments(context).stream()
                    .filter(comment -> WORKPAD_HEADING.matcher(comment.body()).lookingAt()).findFirst();
            return existing.map(comment -> new Workpad(context.tracker().updateComment(trackerId, comment.id(),
                            workpad), false))
                    .orElseGet(() -> new Workpad(context.tracker().comment(trackerId, workpad), true));
        }
    }

    private static List<TrackerComment> comments(Context context) {
        List<TrackerComment> comments = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_COMMENT_PAGES; page++) {
            Page<TrackerComment> next = context.tracker().fetchComments(context.issue().trackerIssueId(), cursor);
            comments.addAll(next.items());
            if (!next.hasNext()) {
                // Trackers page in their own order; the agent reads a conversation oldest first.
                comments.sort(Comparator.comparing(TrackerComment::createdAt));
                return comments;
            }
            cursor = next.nextCursor();
        }
        throw new OrbitDockException("too_many_comments", "Issue " + context.issue().identifier() + " has more"
                + " comments than OrbitDock reads (" + MAX_COMMENT_PAGES + " pages)", "keep one workpad comment"
                + " current instead of posting new ones");
    }

    /** Moves the issue in the tracker to {@code state}, a state name of that tracker (e.g. "In Review"). */
    public void setStatus(String missionIssueId, String state) {
        Context context = context(missionIssueId);
        context.tracker().moveState(context.issue().trackerIssueId(), required(state, "state"));
    }

    /** Stores the pull request's URL on the issue, links it in the tracker and says so in a comment. */
    public MissionIssue linkPr(String missionIssueId, String url) {
        Context context = context(missionIssueId);
        String pr = httpUrl(required(url, "url"));
        writer.write(new IssueUpdate(missionIssueId, clock.instant()).prUrl(pr).build());
        String trackerId = context.issue().trackerIssueId();
        context.tracker().linkUrl(trackerId, pr, "Pull request");
        context.tracker().comment(trackerId, "OrbitDock: the agent opened a pull request: " + pr);
        return queries.issue(missionIssueId).orElseThrow();
    }

    public TrackerIssue createFollowUp(String missionIssueId, String title, String description) {
        Context context = context(missionIssueId);
        return context.tracker().createFollowUp(context.issue().trackerIssueId(), required(title, "title"),
                description == null ? "" : description);
    }

    /**
     * The agent cannot go on: the issue becomes {@code blocked} with the reason as its last error, and the tracker
     * hears why. The agent's exit afterwards no longer completes or fails it; a person queues it again.
     */
    public MissionIssue reportBlocked(String missionIssueId, String reason) {
        Context context = context(missionIssueId);
        String why = required(reason, "reason");
        MissionIssue issue = context.issue();
        if (states.advance(issue.id(), issue.state(), OrchestrationState.BLOCKED, u -> u.lastError(why)).isEmpty()) {
            throw new OrbitDockException("issue_not_running", "Issue " + issue.identifier() + " is "
                    + issue.state().wire() + ", so it cannot be reported blocked", "only a running issue can be");
        }
        context.tracker().comment(issue.trackerIssueId(), "OrbitDock: the agent is blocked: " + why);
        return queries.issue(missionIssueId).orElseThrow();
    }

    private record Context(MissionIssue issue, Tracker tracker) {}

    private Context context(String missionIssueId) {
        MissionIssue issue = queries.issue(missionIssueId).orElseThrow(() -> new OrbitDockException(
                "issue_not_found", "No mission issue '" + missionIssueId + "'", "the run may have been removed"));
        MissionRecord mission = queries.mission(issue.missionId()).orElseThrow(() -> new OrbitDockException(
                "mission_not_found", "No mission '" + issue.missionId() + "'", "the mission was removed"));
        MissionLoader.Loaded loaded = loader.load(mission);
        if (loaded == null) {
            throw new OrbitDockException("mission_invalid", "MISSION.md of " + mission.name() + " cannot be read",
                    "see: orbitdock mission show " + mission.name());
        }
        return new Context(issue, trackers.create(mission, loaded.config()));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new OrbitDockException("invalid_argument", "'" + field + "' must not be empty",
                    "pass a non-empty " + field);
        }
        return value.strip();
    }

    private static String httpUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below, like any other URL that is not http(s)
        }
        throw new OrbitDockException("invalid_argument", "'url' must be an http(s) URL: " + url,
                "pass the pull request's web address");
    }
}
