package dev.orbitdock.tracker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.Page;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Linear over its GraphQL API. Tracker ids are Linear's issue UUIDs, identifiers the human keys ({@code ENG-42});
 * {@link CandidateQuery#team()} is a team key and {@link CandidateQuery#project()} a project name.
 */
public final class LinearTracker implements Tracker {
    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.linear.app/graphql");

    private final LinearHttp http;

    /**
     * @param endpoint the GraphQL endpoint ({@link #DEFAULT_ENDPOINT})
     * @param apiKey a personal API key (sent as is), or an OAuth token written as {@code Bearer …}
     * @param timeout per request
     * @param clock turns Linear's rate-limit reset times into waits
     */
    public LinearTracker(URI endpoint, String apiKey, Duration timeout, HttpClient client, Clock clock) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new TrackerException.AuthFailed("no Linear API key configured");
        }
        this.http = new LinearHttp(Objects.requireNonNull(endpoint, "endpoint"), apiKey.strip(),
                Objects.requireNonNull(timeout, "timeout"), Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(clock, "clock"));
    }

    public LinearTracker(URI endpoint, String apiKey, Duration timeout, HttpClient client) {
        this(endpoint, apiKey, timeout, client, Clock.systemUTC());
    }

    @Override
    public String kind() {
        return "linear";
    }

    @Override
    public String toString() {
        return "LinearTracker";
    }

    @Override
    public Page<TrackerIssue> fetchCandidates(CandidateQuery query, String cursor) {
        ObjectNode variables = Json.mapper().createObjectNode();
        variables.set("filter", filter(query));
        variables.put("cursor", cursor);
        JsonNode issues = http.graphql(LinearQueries.CANDIDATES, variables, "listing candidate issues")
                .path("issues");
        List<TrackerIssue> page = new ArrayList<>();
        issues.path("nodes").forEach(node -> page.add(LinearIssues.toIssue(node)));
        return new Page<>(page, nextCursor(issues));
    }

    private static String nextCursor(JsonNode connection) {
        JsonNode pageInfo = connection.path("pageInfo");
        return pageInfo.path("hasNextPage").asBoolean(false) ? pageInfo.path("endCursor").asText(null) : null;
    }

    @Override
    public Map<String, TrackerRead> fetchIssues(Collection<String> issueIds) {
        Map<String, TrackerRead> reads = new LinkedHashMap<>();
        List<String> ids = List.copyOf(new LinkedHashSet<>(issueIds));
        TrackerException stop = null;
        for (int from = 0; from < ids.size(); from += LinearQueries.PAGE_SIZE) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LinearQueries.PAGE_SIZE));
            if (stop != null) {
                // Calling on after a rate limit or a rejected key only makes things worse.
                for (String id : chunk) {
                    reads.put(id, new TrackerRead.Unknown(stop));
                }
                continue;
            }
            try {
                reads.putAll(readChunk(chunk));
            } catch (TrackerException e) {
                chunk.forEach(id -> reads.put(id, new TrackerRead.Unknown(e)));
                if (e instanceof TrackerException.RateLimited || e instanceof TrackerException.AuthFailed) {
                    stop = e;
                }
            }
        }
        return reads;
    }

    private Map<String, TrackerRead> readChunk(List<String> ids) {
        ObjectNode variables = Json.mapper().createObjectNode();
        ArrayNode idArray = variables.putArray("ids");
        ids.forEach(idArray::add);
        variables.put("first", ids.size());
        Map<String, TrackerIssue> found = new LinkedHashMap<>();
        http.graphql(LinearQueries.ISSUES_BY_ID, variables, "reading " + ids.size() + " issues")
                .path("issues").path("nodes")
                .forEach(node -> {
                    TrackerIssue issue = LinearIssues.toIssue(node);
                    found.put(issue.id(), issue);
                });
        Map<String, TrackerRead> reads = new LinkedHashMap<>();
        for (String id : ids) {
            TrackerIssue issue = found.get(id);
            // Linear answered and left the issue out: deleted, archived, or no longer visible to this key.
            reads.put(id, issue == null ? new TrackerRead.Gone() : new TrackerRead.Found(issue));
        }
        return reads;
    }

    @Override
    public TrackerComment comment(String issueId, String body) {
        ObjectNode variables = Json.mapper().createObjectNode().put("issueId", issueId).put("body", body);
        JsonNode created = http.graphql(LinearQueries.COMMENT, variables, "commenting on " + issueId)
                .path("commentCreate");
        requireSuccess(created, "comment on " + issueId);
        return LinearIssues.toComment(created.path("comment"));
    }

    @Override
    public Page<TrackerComment> fetchComments(String issueId, String cursor) {
        ObjectNode variables = Json.mapper().createObjectNode().put("id", issueId).put("cursor", cursor);
        JsonNode comments = issue(LinearQueries.COMMENTS, variables, "listing the comments of " + issueId)
                .path("comments");
        List<TrackerComment> page = new ArrayList<>();
        comments.path("nodes").forEach(node -> page.add(LinearIssues.toComment(node)));
        return new Page<>(page, nextCursor(comments));
    }

    @Override
    public TrackerComment updateComment(String issueId, String commentId, String body) {
        if (commentId == null || commentId.isBlank()) {
            throw new TrackerException.Invalid("a Linear comment id must not be empty");
        }
        ObjectNode variables = Json.mapper().createObjectNode().put("id", commentId).put("body", body);
        JsonNode updated = http.graphql(LinearQueries.COMMENT_UPDATE, variables, "editing comment " + commentId)
                .path("commentUpdate");
        requireSuccess(updated, "edit comment " + commentId);
        return LinearIssues.toComment(updated.path("comment"));
    }

    @Override
    public void moveState(String issueId, String state) {
        JsonNode issue = issue(LinearQueries.TEAM_STATES, issueId, "reading the workflow states of " + issueId);
        List<JsonNode> states = new ArrayList<>();
        issue.path("team").path("states").path("nodes").forEach(states::add);
        JsonNode target = states.stream().filter(s -> s.path("name").asText().equals(state)).findFirst()
                .or(() -> states.stream().filter(s -> s.path("name").asText().equalsIgnoreCase(state)).findFirst())
                .orElseThrow(() -> new TrackerException.Invalid("the team of " + issueId + " has no state '" + state
                        + "'; its states are " + states.stream().map(s -> s.path("name").asText()).toList()));
        ObjectNode variables = Json.mapper().createObjectNode().put("id", issue.path("id").asText())
                .put("stateId", target.path("id").asText());
        requireSuccess(http.graphql(LinearQueries.MOVE, variables, "moving " + issueId + " to " + state)
                .path("issueUpdate"), "move " + issueId + " to " + state);
    }

    @Override
    public void linkUrl(String issueId, String url, String title) {
        ObjectNode variables = Json.mapper().createObjectNode().put("issueId", issueId).put("url", url)
                .put("title", title);
        requireSuccess(http.graphql(LinearQueries.LINK, variables, "linking " + url + " to " + issueId)
                .path("attachmentLinkURL"), "link " + url + " to " + issueId);
    }

    @Override
    public TrackerIssue createFollowUp(String parentIssueId, String title, String description) {
        JsonNode parent = issue(LinearQueries.TEAM, parentIssueId, "reading the team of " + parentIssueId);
        ObjectNode variables = Json.mapper().createObjectNode()
                .put("teamId", parent.path("team").path("id").asText())
                .put("title", title)
                .put("description", description)
                .put("parentId", parent.path("id").asText());
        JsonNode created = http.graphql(LinearQueries.FOLLOW_UP, variables, "creating a follow-up of "
                + parentIssueId).path("issueCreate");
        requireSuccess(created, "create a follow-up of " + parentIssueId);
        return LinearIssues.toIssue(created.path("issue"));
    }

    private JsonNode issue(String query, String issueId, String what) {
        return issue(query, Json.mapper().createObjectNode().put("id", issueId), what);
    }

    private JsonNode issue(String query, ObjectNode variables, String what) {
        JsonNode issue = http.graphql(query, variables, what).path("issue");
        if (!issue.isObject()) {
            throw new TrackerException.Invalid("Linear has no issue " + variables.path("id").asText());
        }
        return issue;
    }

    private static void requireSuccess(JsonNode payload, String what) {
        if (!payload.path("success").asBoolean(false)) {
            throw new TrackerException.Invalid("Linear did not " + what + " (success: false)");
        }
    }

    /** Only the parts the query sets: an absent part means "any". */
    private static ObjectNode filter(CandidateQuery query) {
        ObjectNode filter = Json.mapper().createObjectNode();
        if (!query.states().isEmpty()) {
            ArrayNode in = filter.putObject("state").putObject("name").putArray("in");
            query.states().forEach(in::add);
        }
        if (!query.labels().isEmpty()) {
            ArrayNode in = filter.putObject("labels").putObject("name").putArray("in");
            query.labels().forEach(in::add);
        }
        if (query.team() != null) {
            filter.putObject("team").putObject("key").put("eq", query.team());
        }
        if (query.project() != null) {
            filter.putObject("project").putObject("name").put("eq", query.project());
        }
        return filter;
    }
}
