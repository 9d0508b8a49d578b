package dev.orbitdock.tracker.github;

import static dev.orbitdock.tracker.github.GitHubJson.array;
import static dev.orbitdock.tracker.github.GitHubJson.issue;
import static dev.orbitdock.tracker.github.GitHubJson.items;
import static dev.orbitdock.tracker.github.GitHubTrackerTest.assertGitHubHeaders;
import static dev.orbitdock.tracker.github.GitHubTrackerTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.FakeHttpServer;
import dev.orbitdock.tracker.FakeHttpServer.Request;
import dev.orbitdock.tracker.FakeHttpServer.Response;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GitHub with a Projects v2 project: the Status field is the state, over GraphQL. */
class GitHubProjectTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final FakeHttpServer server = FakeHttpServer.start();
    private final GitHubTracker tracker = new GitHubTracker(server.uri(), "octo", "hello", 7,
            GitHubTrackerTest.TOKEN, Duration.ofSeconds(5), HttpClient.newHttpClient(), new MutableClock(NOW));

    @AfterEach
    void stop() {
        server.close();
    }

    private static CandidateQuery states(String... states) {
        return new CandidateQuery(List.of("agent"), List.of(states), null, null);
    }

    private Request takeGraphql() {
        Request request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/graphql");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertGitHubHeaders(request);
        return request;
    }

    private void assertProjectLookup(Request request) {
        assertThat(request.json().get("query").asText()).isEqualTo(ProjectStatus.PROJECT_QUERY);
        assertThat(request.json().get("variables")).isEqualTo(json("{\"owner\":\"octo\",\"number\":7}"));
    }

    @Test
    void candidatesCarryTheirProjectStatusAndAreFilteredByIt() {
        server.enqueue(200, array(issue(1, "a", "open", List.of("agent")), issue(2, "b", "open", List.of("agent")),
                issue(3, "c", "open", List.of("agent")), issue(4, "d", "open", List.of("agent"))));
        server.enqueue(200, GitHubJson.PROJECT);
        server.enqueue(200, items(new Object[] {1, "PVTI_1", "Todo"}, new Object[] {2, "PVTI_2", "In Progress"},
                new Object[] {3, null, null}, new Object[] {4, "PVTI_4", null}));

        List<TrackerIssue> page = tracker.fetchCandidates(states("todo", "open"), null).items();

        assertThat(page).extracting(TrackerIssue::id, TrackerIssue::state)
                .containsExactly(tuple("1", "Todo"), tuple("3", "open"), tuple("4", "open"));
        assertThat(server.takeRequest().path()).isEqualTo("/repos/octo/hello/issues");
        assertProjectLookup(takeGraphql());
        JsonNode itemsQuery = takeGraphql().json();
        assertThat(itemsQuery.get("variables")).isEqualTo(json("{\"owner\":\"octo\",\"repo\":\"hello\"}"));
        assertThat(itemsQuery.get("query").asText())
                .contains("repository(owner: $owner, name: $repo)")
                .contains("i1: issue(number: 1) { ...item }", "i4: issue(number: 4) { ...item }")
                .contains("fieldValueByName(name: \"Status\")")
                .contains("... on ProjectV2ItemFieldSingleSelectValue { name }");
    }

    @Test
    void theProjectIsLookedUpOncePerInstance() {
        server.enqueue(200, array(issue(1, "a", "open", List.of("agent"))));
        server.enqueue(200, GitHubJson.PROJECT);
        server.enqueue(200, items(new Object[] {1, "PVTI_1", "Todo"}));
        server.enqueue(200, array(issue(1, "a", "open", List.of("agent"))));
        server.enqueue(200, items(new Object[] {1, "PVTI_1", "In Progress"}));

        tracker.fetchCandidates(states(), null);
        List<TrackerIssue> second = tracker.fetchCandidates(states(), null).items();

        assertThat(second).singleElement().extracting(TrackerIssue::state).isEqualTo("In Progress");
        server.takeRequest();
        assertProjectLookup(takeGraphql());
        takeGraphql();
        assertThat(server.takeRequest().path()).isEqualTo("/repos/octo/hello/issues");
        assertThat(takeGraphql().json().get("query").asText()).contains("i1: issue(number: 1)");
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void moveStateSetsTheStatusOption() {
        server.enqueue(200, GitHubJson.PROJECT);
        server.enqueue(200, items(new Object[] {5, "PVTI_5", "Todo"}));
        server.enqueue(200, "{\"data\":{\"updateProjectV2ItemFieldValue\":{\"projectV2Item\":{\"id\":\"PVTI_5\"}}}}");

        tracker.moveState("5", "in progress");

        assertProjectLookup(takeGraphql());
        assertThat(takeGraphql().json().get("query").asText()).contains("i5: issue(number: 5)");
        JsonNode update = takeGraphql().json();
        assertThat(update.get("query").asText()).isEqualTo(ProjectStatus.SET_STATUS)
                .contains("value: {singleSelectOptionId: $option}");
        assertThat(update.get("variables")).isEqualTo(json("{\"project\":\"PVT_kwDOAbc\",\"item\":\"PVTI_5\","
                + "\"field\":\"PVTSSF_lADOAbc\",\"option\":\"47fc9ee4\"}"));
    }

    @Test
    void moveStateAddsAnIssueThatIsNotInTheProjectYet() {
        server.enqueue(200, GitHubJson.PROJECT);
        server.enqueue(200, items(new Object[] {5, null, null}));
        server.enqueue(200, "{\"data\":{\"addProjectV2ItemById\":{\"item\":{\"id\":\"PVTI_new\"}}}}");
        server.enqueue(200, "{\"data\":{\"updateProjectV2ItemFieldValue\":{\"projectV2Item\":{\"id\":\"PVTI_new\"}}}}");

        tracker.moveState("5", "Done");

        takeGraphql();
        takeGraphql();
        JsonNode add = takeGraphql().json();
        assertThat(add.get("query").asText()).isEqualTo(ProjectStatus.ADD_ITEM);
        assertThat(add.get("variables")).isEqualTo(json("{\"project\":\"PVT_kwDOAbc\",\"content\":\"I_kwDOAbc5\"}"));
        assertThat(takeGraphql().json().get("variables")).isEqualTo(json("{\"project\":\"PVT_kwDOAbc\","
                + "\"item\":\"PVTI_new\",\"field\":\"PVTSSF_lADOAbc\",\"option\":\"98236657\"}"));
    }

    @Test
    void anUnknownStatusIsInvalidAfterOneFreshLookup() {
        server.enqueue(200, GitHubJson.PROJECT);
        server.enqueue(200, GitHubJson.PROJECT);

        assertThatThrownBy(() -> tracker.moveState("5", "Blocked"))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessage("project 7 of octo has no Status 'Blocked'; its options are [Todo, In Progress, Done]");
        assertProjectLookup(takeGraphql());
        assertProjectLookup(takeGraphql());
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void aMissingProjectIsInvalid() {
        server.enqueue(200, """
                {"data":{"repositoryOwner":{"projectV2":null}},"errors":[{"type":"NOT_FOUND",\
                "path":["repositoryOwner","projectV2"],"locations":[{"line":4,"column":7}],\
                "message":"Could not resolve to a ProjectV2 with the number 7."}]}""");

        assertThatThrownBy(() -> tracker.moveState("5", "Done"))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessageContaining("Could not resolve to a ProjectV2 with the number 7.");
    }

    @Test
    void fetchIssuesReadsStatusesInOneBatchAndIsUnknownWithoutThem() {
        server.enqueue(200, issue(1, "a", "open", List.of()).toString());
        server.enqueue(200, issue(2, "b", "closed", List.of()).toString());
        server.enqueue(200, GitHubJson.PROJECT);
        server.enqueue(200, items(new Object[] {1, "PVTI_1", "In Progress"}, new Object[] {2, "PVTI_2", "Done"}));

        Map<String, TrackerRead> reads = tracker.fetchIssues(List.of("1", "2"));

        assertThat(reads.values()).extracting(read -> ((TrackerRead.Found) read).issue().state())
                .containsExactly("In Progress", "Done");

        server.enqueue(200, issue(1, "a", "open", List.of()).toString());
        server.enqueue(502, "");
        Map<String, TrackerRead> failed = tracker.fetchIssues(List.of("1"));
        assertThat(failed.get("1")).isInstanceOfSatisfying(TrackerRead.Unknown.class,
                u -> assertThat(u.error()).isInstanceOf(TrackerException.Unavailable.class));
    }

    @Test
    void aGraphqlRateLimitIsRateLimited() {
        server.enqueue(Response.json(200, "{\"errors\":[{\"type\":\"RATE_LIMITED\","
                        + "\"message\":\"API rate limit exceeded for user ID 1.\"}]}")
                .header("x-ratelimit-remaining", "0").header("x-ratelimit-resource", "graphql")
                .header("x-ratelimit-reset", String.valueOf(NOW.plusSeconds(300).getEpochSecond())));

        assertThatThrownBy(() -> tracker.moveState("5", "Done"))
                .isInstanceOfSatisfying(TrackerException.RateLimited.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(5)));
    }
}
