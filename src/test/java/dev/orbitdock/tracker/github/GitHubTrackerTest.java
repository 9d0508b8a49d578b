package dev.orbitdock.tracker.github;

import static dev.orbitdock.tracker.github.GitHubJson.array;
import static dev.orbitdock.tracker.github.GitHubJson.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.FakeHttpServer;
import dev.orbitdock.tracker.FakeHttpServer.Request;
import dev.orbitdock.tracker.FakeHttpServer.Response;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GitHub without a project: REST only, state open/closed. */
class GitHubTrackerTest {
    static final String TOKEN = "ghp_test_token_123";

    private final FakeHttpServer server = FakeHttpServer.start();
    private final GitHubTracker tracker = new GitHubTracker(server.uri(), "octo", "hello", null, TOKEN,
            Duration.ofSeconds(5), HttpClient.newHttpClient(), MutableClock.at("2026-11-25T12:00:00Z"));

    @AfterEach
    void stop() {
        server.close();
    }

    private static CandidateQuery labels(String... labels) {
        return new CandidateQuery(List.of(labels), List.of("open"), null, null);
    }

    static void assertGitHubHeaders(Request request) {
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(request.header("User-Agent")).isNotBlank();
    }

    @Test
    void candidatesAreTheOpenIssuesWithTheLabel() {
        server.enqueue(200, array(
                issue(1, "Fix the poller", "open", List.of("agent", "P2")),
                issue(2, "Speed up", "open", List.of("agent", "priority:1", "P3"))));

        Page<TrackerIssue> page = tracker.fetchCandidates(labels("agent"), null);

        Request request = server.takeRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/repos/octo/hello/issues");
        assertThat(request.params()).containsExactly(Map.entry("state", "open"), Map.entry("labels", "agent"),
                Map.entry("per_page", "50"));
        assertGitHubHeaders(request);
        assertThat(page.nextCursor()).isNull();
        assertThat(page.items()).containsExactly(
                new TrackerIssue("1", "#1", "Fix the poller", "Body of #1", "https://github.com/octo/hello/issues/1",
                        "open", List.of("agent", "P2"), 2, Instant.parse("2026-01-01T10:00:00Z")),
                new TrackerIssue("2", "#2", "Speed up", "Body of #2", "https://github.com/octo/hello/issues/2",
                        "open", List.of("agent", "priority:1", "P3"), 1, Instant.parse("2026-01-02T10:00:00Z")));
    }

    @Test
    void candidatesFollowTheLinkHeaderAndSkipPullRequests() {
        String base = server.uri() + "/repositories/1296269/issues?state=open&labels=agent&per_page=50";
        server.enqueue(Response.json(200, array(issue(1, "a", "open", List.of("agent")),
                        GitHubJson.pullRequest(2)))
                .header("Link", "<" + base + "&page=2>; rel=\"next\", <" + base + "&page=3>; rel=\"last\""));
        server.enqueue(Response.json(200, array(issue(3, "b", "open", List.of("agent"))))
                .header("Link", "<" + base + "&page=1>; rel=\"prev\", <" + base + "&page=3>; rel=\"next\", <"
                        + base + "&page=3>; rel=\"last\", <" + base + "&page=1>; rel=\"first\""));
        server.enqueue(Response.json(200, array(issue(4, "c", "open", List.of("agent")), GitHubJson.pullRequest(5)))
                .header("Link", "<" + base + "&page=2>; rel=\"prev\", <" + base + "&page=1>; rel=\"first\""));

        List<String> ids = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        String cursor = null;
        do {
            Page<TrackerIssue> page = tracker.fetchCandidates(labels("agent"), cursor);
            page.items().forEach(issue -> ids.add(issue.id()));
            cursor = page.nextCursor();
            cursors.add(cursor);
        } while (cursor != null);

        assertThat(ids).containsExactly("1", "3", "4");
        assertThat(cursors).containsExactly(base + "&page=2", base + "&page=3", null);
        server.takeRequest();
        Request second = server.takeRequest();
        assertThat(second.path()).isEqualTo("/repositories/1296269/issues");
        assertThat(second.query()).isEqualTo("state=open&labels=agent&per_page=50&page=2");
        assertGitHubHeaders(second);
        assertThat(server.takeRequest().params()).containsEntry("page", "3");
    }

    @Test
    void severalLabelsMatchAnyOfThemLocally() {
        server.enqueue(200, array(issue(1, "a", "open", List.of("Bug")), issue(2, "b", "open", List.of("agent")),
                issue(3, "c", "open", List.of("other")), issue(4, "d", "open", List.of())));

        Page<TrackerIssue> page = tracker.fetchCandidates(labels("agent", "bug"), null);

        assertThat(page.items()).extracting(TrackerIssue::id).containsExactly("1", "2");
        assertThat(server.takeRequest().params()).doesNotContainKey("labels");
    }

    @Test
    void labelsAreEncodedInTheQuery() {
        server.enqueue(200, "[]");

        tracker.fetchCandidates(labels("good first issue"), null);

        Request request = server.takeRequest();
        assertThat(request.query()).contains("labels=good%20first%20issue");
        assertThat(request.params()).containsEntry("labels", "good first issue");
    }

    @Test
    void workflowStatesNeedAProject() {
        assertThatThrownBy(() -> tracker.fetchCandidates(new CandidateQuery(List.of(), List.of("Todo"), null,
                null), null))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessageContaining("open or closed");
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void aCursorForAnotherHostIsRefusedSoTheTokenStaysHome() {
        assertThatThrownBy(() -> tracker.fetchCandidates(labels(), "https://evil.example/repos/x/issues?page=2"))
                .isInstanceOf(TrackerException.Invalid.class);
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void fetchIssuesReadsEachIssue() {
        server.enqueue(200, issue(7, "Seven", "closed", List.of("P4")).toString());
        server.enqueue(404, GitHubJson.error("Not Found", "https://docs.github.com/rest/issues/issues#get-an-issue"));
        server.enqueue(200, GitHubJson.repository());
        server.enqueue(410, GitHubJson.error("This issue was deleted",
                "https://docs.github.com/rest/issues/issues#get-an-issue"));

        Map<String, TrackerRead> reads = tracker.fetchIssues(List.of("7", "8", "9"));

        assertThat(reads.keySet()).containsExactly("7", "8", "9");
        assertThat(reads.get("7")).isInstanceOfSatisfying(TrackerRead.Found.class, found -> {
            assertThat(found.issue().state()).isEqualTo("closed");
            assertThat(found.issue().priority()).isEqualTo(4);
        });
        assertThat(reads.get("8")).isInstanceOf(TrackerRead.Gone.class);
        assertThat(reads.get("9")).isInstanceOf(TrackerRead.Gone.class);
        Request first = server.takeRequest();
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo("/repos/octo/hello/issues/7");
        assertGitHubHeaders(first);
        assertThat(server.takeRequest().path()).isEqualTo("/repos/octo/hello/issues/8");
        assertThat(server.takeRequest().path()).isEqualTo("/repos/octo/hello");
        assertThat(server.takeRequest().path()).isEqualTo("/repos/octo/hello/issues/9");
    }

    @Test
    void anIssueOfARepositoryTheTokenCannotSeeIsUnknownNotGone() {
        server.enqueue(404, GitHubJson.error("Not Found", "https://docs.github.com/rest/issues/issues#get-an-issue"));
        server.enqueue(404, GitHubJson.error("Not Found", "https://docs.github.com/rest/repos/repos#get-a-repository"));
        server.enqueue(404, GitHubJson.error("Not Found", "https://docs.github.com/rest/issues/issues#get-an-issue"));

        Map<String, TrackerRead> reads = tracker.fetchIssues(List.of("1", "2"));

        assertThat(reads.values()).allSatisfy(read -> assertThat(read).isInstanceOf(TrackerRead.Unknown.class));
        assertThat(server.takeRequest().path()).isEqualTo("/repos/octo/hello/issues/1");
        assertThat(server.takeRequest().path()).isEqualTo("/repos/octo/hello");
        assertThat(server.takeRequest().path()).isEqualTo("/repos/octo/hello/issues/2");
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void fetchIssuesReportsFailuresPerIssueAndStopsCallingWhenRateLimited() {
        server.enqueue(502, "<html>Bad Gateway</html>");
        server.enqueue(Response.json(403, GitHubJson.error("API rate limit exceeded for user ID 1.",
                        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"))
                .header("x-ratelimit-limit", "5000").header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-used", "5000").header("x-ratelimit-resource", "core")
                .header("x-ratelimit-reset", String.valueOf(Instant.parse("2026-11-25T12:10:00Z").getEpochSecond())));

        Map<String, TrackerRead> reads = tracker.fetchIssues(List.of("1", "2", "3", "not-a-number"));

        assertThat(((TrackerRead.Unknown) reads.get("1")).error()).isInstanceOf(TrackerException.Unavailable.class);
        TrackerException limited = ((TrackerRead.Unknown) reads.get("2")).error();
        assertThat(limited).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(10)));
        assertThat(((TrackerRead.Unknown) reads.get("3")).error()).isSameAs(limited);
        assertThat(((TrackerRead.Unknown) reads.get("not-a-number")).error()).isSameAs(limited);
        server.takeRequest();
        server.takeRequest();
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void aBadIdIsUnknownWithoutACall() {
        assertThat(tracker.fetchIssues(List.of("abc")).get("abc"))
                .isInstanceOfSatisfying(TrackerRead.Unknown.class,
                        u -> assertThat(u.error()).isInstanceOf(TrackerException.Invalid.class));
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void commentPostsTheBody() {
        server.enqueue(201, GitHubJson.comment(5, "Working on it"));

        tracker.comment("5", "Working on it");

        Request request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/repos/octo/hello/issues/5/comments");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.json()).isEqualTo(json("{\"body\":\"Working on it\"}"));
        assertGitHubHeaders(request);
    }

    @Test
    void commentOnAMissingIssueIsInvalid() {
        server.enqueue(404, GitHubJson.error("Not Found",
                "https://docs.github.com/rest/issues/comments#create-an-issue-comment"));

        assertThatThrownBy(() -> tracker.comment("5", "x")).isInstanceOf(TrackerException.Invalid.class)
                .hasMessageContaining("no issue #5 in octo/hello");
    }

    @Test
    void linkUrlIsACommentWithTheLink() {
        server.enqueue(201, GitHubJson.comment(5, "Linked"));

        tracker.linkUrl("5", "https://github.com/octo/hello/pull/9", "PR #9");

        assertThat(server.takeRequest().json())
                .isEqualTo(json("{\"body\":\"Linked: [PR #9](https://github.com/octo/hello/pull/9)\"}"));
    }

    @Test
    void moveStateClosesOnDoneAndReopensOtherwise() {
        server.enqueue(200, issue(5, "x", "closed", List.of()).toString());
        server.enqueue(200, issue(5, "x", "closed", List.of()).toString());
        server.enqueue(200, issue(5, "x", "open", List.of()).toString());

        tracker.moveState("5", "Done");
        tracker.moveState("5", "closed");
        tracker.moveState("5", "In Progress");

        Request close = server.takeRequest();
        assertThat(close.method()).isEqualTo("PATCH");
        assertThat(close.path()).isEqualTo("/repos/octo/hello/issues/5");
        assertThat(close.json()).isEqualTo(json("{\"state\":\"closed\"}"));
        assertGitHubHeaders(close);
        assertThat(server.takeRequest().json()).isEqualTo(json("{\"state\":\"closed\"}"));
        assertThat(server.takeRequest().json()).isEqualTo(json("{\"state\":\"open\"}"));
    }

    @Test
    void followUpsAreNewIssuesMentioningTheParent() {
        server.enqueue(201, issue(12, "Clean up", "open", List.of()).toString());

        TrackerIssue created = tracker.createFollowUp("5", "Clean up", "Left over.\n");

        Request request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/repos/octo/hello/issues");
        assertThat(request.json()).isEqualTo(json("{\"title\":\"Clean up\",\"body\":\"Left over.\\n\\nFollow-up of #5\"}"));
        assertThat(created.id()).isEqualTo("12");
        assertThat(created.identifier()).isEqualTo("#12");
        assertThat(created.state()).isEqualTo("open");
    }

    @Test
    void anEnterpriseBaseUrlKeepsItsPath() {
        GitHubTracker enterprise = new GitHubTracker(URI.create(server.uri() + "/api/v3/"), "octo", "hello", null,
                TOKEN, Duration.ofSeconds(5), HttpClient.newHttpClient());
        server.enqueue(200, "[]");

        enterprise.fetchCandidates(labels(), null);

        assertThat(server.takeRequest().path()).isEqualTo("/api/v3/repos/octo/hello/issues");
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
