package dev.orbitdock.tracker.linear;

import static dev.orbitdock.tracker.linear.LinearJson.issue;
import static dev.orbitdock.tracker.linear.LinearJson.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.FakeHttpServer;
import dev.orbitdock.tracker.FakeHttpServer.Request;
import dev.orbitdock.tracker.Page;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LinearTrackerTest {
    static final String KEY = "lin_api_testkey123";

    private final FakeHttpServer server = FakeHttpServer.start();
    private final LinearTracker tracker = new LinearTracker(URI.create(server.uri() + "/graphql"), KEY,
            Duration.ofSeconds(5), HttpClient.newHttpClient(), MutableClock.at("2026-11-25T12:00:00Z"));

    @AfterEach
    void stop() {
        server.close();
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts the transport (POST /graphql, raw API key, JSON) and returns the GraphQL request body. */
    private JsonNode takeGraphql(String expectedQuery) {
        Request request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/graphql");
        assertThat(request.header("Authorization")).isEqualTo(KEY);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = request.json();
        assertThat(body.get("query").asText()).isEqualTo(expectedQuery);
        return body.get("variables");
    }

    @Test
    void candidatesPageThroughTheFilteredIssues() {
        server.enqueue(200, LinearJson.page("cursor-1", true, issue(1, "Todo", List.of("agent", "backend"), 2),
                issue(2, "Todo", List.of("agent"), 0)));
        server.enqueue(200, LinearJson.page("cursor-2", true, issue(3, "In Progress", List.of("agent"), 1)));
        server.enqueue(200, LinearJson.page("cursor-3", false, issue(4, "Todo", List.of("agent"), 4)));
        CandidateQuery query = new CandidateQuery(List.of("agent"), List.of("Todo", "In Progress"), "Orbit", "ENG");

        List<TrackerIssue> issues = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        String cursor = null;
        do {
            Page<TrackerIssue> page = tracker.fetchCandidates(query, cursor);
            issues.addAll(page.items());
            cursor = page.nextCursor();
            cursors.add(cursor);
        } while (cursor != null);

        assertThat(cursors).containsExactly("cursor-1", "cursor-2", null);
        assertThat(issues).extracting(TrackerIssue::identifier).containsExactly("ENG-1", "ENG-2", "ENG-3", "ENG-4");
        assertThat(issues.getFirst()).isEqualTo(new TrackerIssue(uuid(1), "ENG-1", "Issue 1", "Description of ENG-1",
                "https://linear.app/acme/issue/ENG-1/issue-1", "Todo", List.of("agent", "backend"), 2,
                Instant.parse("2026-01-01T08:30:00Z")));
        String filter = "{\"state\":{\"name\":{\"in\":[\"Todo\",\"In Progress\"]}},"
                + "\"labels\":{\"name\":{\"in\":[\"agent\"]}},\"team\":{\"key\":{\"eq\":\"ENG\"}},"
                + "\"project\":{\"name\":{\"eq\":\"Orbit\"}}}";
        assertThat(takeGraphql(LinearQueries.CANDIDATES))
                .isEqualTo(json("{\"filter\":" + filter + ",\"cursor\":null}"));
        assertThat(takeGraphql(LinearQueries.CANDIDATES))
                .isEqualTo(json("{\"filter\":" + filter + ",\"cursor\":\"cursor-1\"}"));
        assertThat(takeGraphql(LinearQueries.CANDIDATES))
                .isEqualTo(json("{\"filter\":" + filter + ",\"cursor\":\"cursor-2\"}"));
        assertThat(LinearQueries.CANDIDATES)
                .contains("issues(first: 50, after: $cursor, filter: $filter, orderBy: createdAt)")
                .contains("pageInfo { hasNextPage endCursor }");
    }

    @Test
    void anEmptyQueryFiltersNothing() {
        server.enqueue(200, LinearJson.page(null, false));

        assertThat(tracker.fetchCandidates(new CandidateQuery(List.of(), List.of(), null, null), null).items())
                .isEmpty();
        assertThat(takeGraphql(LinearQueries.CANDIDATES)).isEqualTo(json("{\"filter\":{},\"cursor\":null}"));
    }

    @Test
    void fetchIssuesSaysGoneForIdsLinearLeftOut() {
        server.enqueue(200, LinearJson.nodes(issue(1, "Done", List.of(), 3), issue(3, "Todo", List.of(), 0)));

        Map<String, TrackerRead> reads = tracker.fetchIssues(List.of(uuid(1), uuid(2), uuid(3)));

        assertThat(reads.keySet()).containsExactly(uuid(1), uuid(2), uuid(3));
        assertThat(reads.get(uuid(1))).isInstanceOfSatisfying(TrackerRead.Found.class,
                f -> assertThat(f.issue().state()).isEqualTo("Done"));
        assertThat(reads.get(uuid(2))).isInstanceOf(TrackerRead.Gone.class);
        assertThat(reads.get(uuid(3))).isInstanceOf(TrackerRead.Found.class);
        assertThat(takeGraphql(LinearQueries.ISSUES_BY_ID)).isEqualTo(json("{\"ids\":[\"" + uuid(1) + "\",\""
                + uuid(2) + "\",\"" + uuid(3) + "\"],\"first\":3}"));
        assertThat(LinearQueries.ISSUES_BY_ID).contains("filter: {id: {in: $ids}}");
    }

    @Test
    void manyIdsAreReadInChunksOfFifty() {
        List<String> ids = IntStream.rangeClosed(1, 120).mapToObj(LinearJson::uuid).toList();
        server.enqueue(200, LinearJson.nodes());
        server.enqueue(200, LinearJson.nodes());
        server.enqueue(200, LinearJson.nodes(issue(120, "Todo", List.of(), 0)));

        Map<String, TrackerRead> reads = tracker.fetchIssues(ids);

        assertThat(reads).hasSize(120);
        assertThat(reads.get(uuid(120))).isInstanceOf(TrackerRead.Found.class);
        assertThat(takeGraphql(LinearQueries.ISSUES_BY_ID).get("first").asInt()).isEqualTo(50);
        assertThat(takeGraphql(LinearQueries.ISSUES_BY_ID).get("ids").get(0).asText()).isEqualTo(uuid(51));
        assertThat(takeGraphql(LinearQueries.ISSUES_BY_ID).get("ids")).hasSize(20);
    }

    @Test
    void commentCreatesAComment() {
        server.enqueue(200, LinearJson.commentPayload("commentCreate",
                LinearJson.comment(uuid(50), "Working on it", "OrbitDock", "2026-11-25T12:00:00.000Z")));

        assertThat(tracker.comment(uuid(1), "Working on it").id()).isEqualTo(uuid(50));

        assertThat(takeGraphql(LinearQueries.COMMENT))
                .isEqualTo(json("{\"issueId\":\"" + uuid(1) + "\",\"body\":\"Working on it\"}"));
    }

    private static String teamStates(String issueId) {
        return "{\"data\":{\"issue\":{\"id\":\"" + issueId + "\",\"team\":{\"id\":\"team-eng\",\"states\":{\"nodes\":["
                + "{\"id\":\"s-backlog\",\"name\":\"Backlog\"},{\"id\":\"s-todo\",\"name\":\"Todo\"},"
                + "{\"id\":\"s-progress\",\"name\":\"In Progress\"},{\"id\":\"s-done\",\"name\":\"Done\"}]}}}}}";
    }

    @Test
    void moveStateLooksUpTheTeamsStateByName() {
        server.enqueue(200, teamStates(uuid(1)));
        server.enqueue(200, LinearJson.success("issueUpdate"));

        tracker.moveState("ENG-1", "in progress");

        assertThat(takeGraphql(LinearQueries.TEAM_STATES)).isEqualTo(json("{\"id\":\"ENG-1\"}"));
        assertThat(takeGraphql(LinearQueries.MOVE))
                .isEqualTo(json("{\"id\":\"" + uuid(1) + "\",\"stateId\":\"s-progress\"}"));
    }

    @Test
    void anUnknownStateIsInvalidAndNothingIsUpdated() {
        server.enqueue(200, teamStates(uuid(1)));

        assertThatThrownBy(() -> tracker.moveState(uuid(1), "Shipped"))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessage("the team of " + uuid(1) + " has no state 'Shipped'; its states are "
                        + "[Backlog, Todo, In Progress, Done]");
        server.takeRequest();
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void aMissingIssueIsInvalid() {
        server.enqueue(200, LinearJson.error("Entity not found: Issue", "INPUT_ERROR", "invalid input",
                "Could not find referenced Issue."));

        assertThatThrownBy(() -> tracker.moveState(uuid(9), "Done"))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessageContaining("Entity not found: Issue (Could not find referenced Issue.)");

        server.enqueue(200, "{\"data\":{\"issue\":null}}");
        assertThatThrownBy(() -> tracker.createFollowUp(uuid(9), "x", "y"))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessage("Linear has no issue " + uuid(9));
    }

    @Test
    void linkUrlAttachesTheUrl() {
        server.enqueue(200, LinearJson.success("attachmentLinkURL"));
        server.enqueue(200, LinearJson.success("attachmentLinkURL"));

        tracker.linkUrl(uuid(1), "https://github.com/acme/app/pull/7", "PR #7");
        tracker.linkUrl(uuid(1), "https://example.com/log", null);

        assertThat(takeGraphql(LinearQueries.LINK)).isEqualTo(json("{\"issueId\":\"" + uuid(1)
                + "\",\"url\":\"https://github.com/acme/app/pull/7\",\"title\":\"PR #7\"}"));
        assertThat(takeGraphql(LinearQueries.LINK)).isEqualTo(json("{\"issueId\":\"" + uuid(1)
                + "\",\"url\":\"https://example.com/log\",\"title\":null}"));
    }

    @Test
    void followUpsAreSubIssuesInTheParentsTeam() {
        server.enqueue(200, "{\"data\":{\"issue\":{\"id\":\"" + uuid(1) + "\",\"team\":{\"id\":\"team-eng\"}}}}");
        var created = Json.mapper().createObjectNode();
        created.putObject("data").putObject("issueCreate").put("success", true)
                .set("issue", issue(77, "Backlog", List.of(), 0));
        server.enqueue(200, created.toString());

        TrackerIssue followUp = tracker.createFollowUp("ENG-1", "Clean up", "Left over.");

        assertThat(followUp.identifier()).isEqualTo("ENG-77");
        assertThat(followUp.state()).isEqualTo("Backlog");
        assertThat(takeGraphql(LinearQueries.TEAM)).isEqualTo(json("{\"id\":\"ENG-1\"}"));
        assertThat(takeGraphql(LinearQueries.FOLLOW_UP)).isEqualTo(json("{\"teamId\":\"team-eng\","
                + "\"title\":\"Clean up\",\"description\":\"Left over.\",\"parentId\":\"" + uuid(1) + "\"}"));
    }

    @Test
    void aMutationThatReportsNoSuccessIsInvalid() {
        server.enqueue(200, "{\"data\":{\"commentCreate\":{\"success\":false}}}");

        assertThatThrownBy(() -> tracker.comment(uuid(1), "x")).isInstanceOf(TrackerException.Invalid.class);
    }
}
