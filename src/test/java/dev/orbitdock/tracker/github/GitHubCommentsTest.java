package dev.orbitdock.tracker.github;

import static dev.orbitdock.tracker.github.GitHubJson.array;
import static dev.orbitdock.tracker.github.GitHubJson.commentNode;
import static dev.orbitdock.tracker.github.GitHubTrackerTest.assertGitHubHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.tracker.FakeHttpServer;
import dev.orbitdock.tracker.FakeHttpServer.Request;
import dev.orbitdock.tracker.FakeHttpServer.Response;
import dev.orbitdock.tracker.Page;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue comments over REST v3: list (paged by the Link header), post and edit in place. */
class GitHubCommentsTest {
    private final FakeHttpServer server = FakeHttpServer.start();
    private final GitHubTracker tracker = new GitHubTracker(server.uri(), "octo", "hello", null,
            GitHubTrackerTest.TOKEN, Duration.ofSeconds(5), HttpClient.newHttpClient(),
            MutableClock.at("2026-11-25T12:00:00Z"));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void commentsArePagedByTheLinkHeader() {
        String base = server.uri() + "/repositories/1296269/issues/5/comments?per_page=100";
        server.enqueue(Response.json(200, array(commentNode(11, 5, "## Workpad\n- [ ] plan", "2026-02-01T10:00:00Z"),
                        commentNode(12, 5, "Looks good", "2026-02-01T11:00:00Z")))
                .header("Link", "<" + base + "&page=2>; rel=\"next\", <" + base + "&page=2>; rel=\"last\""));
        server.enqueue(Response.json(200, array(commentNode(13, 5, "Done", "2026-02-02T09:00:00Z")))
                .header("Link", "<" + base + "&page=1>; rel=\"prev\", <" + base + "&page=1>; rel=\"first\""));

        List<TrackerComment> comments = new ArrayList<>();
        String cursor = null;
        do {
            Page<TrackerComment> page = tracker.fetchComments("5", cursor);
            comments.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(comments).containsExactly(
                new TrackerComment("11", "## Workpad\n- [ ] plan", "octocat", Instant.parse("2026-02-01T10:00:00Z")),
                new TrackerComment("12", "Looks good", "octocat", Instant.parse("2026-02-01T11:00:00Z")),
                new TrackerComment("13", "Done", "octocat", Instant.parse("2026-02-02T09:00:00Z")));
        Request first = server.takeRequest();
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo("/repos/octo/hello/issues/5/comments");
        assertThat(first.query()).isEqualTo("per_page=100");
        assertGitHubHeaders(first);
        Request second = server.takeRequest();
        assertThat(second.path()).isEqualTo("/repositories/1296269/issues/5/comments");
        assertThat(second.params()).containsEntry("page", "2");
    }

    @Test
    void aPostedCommentComesBackWithItsId() {
        server.enqueue(201, commentNode(42, 5, "Working on it", "2026-02-01T10:00:00Z").toString());

        assertThat(tracker.comment("5", "Working on it").id()).isEqualTo("42");
    }

    @Test
    void updateCommentPatchesTheCommentById() {
        server.enqueue(200, commentNode(11, 5, "## Workpad\n- [x] plan", "2026-02-01T10:00:00Z").toString());

        TrackerComment updated = tracker.updateComment("5", "11", "## Workpad\n- [x] plan");

        assertThat(updated.body()).isEqualTo("## Workpad\n- [x] plan");
        Request request = server.takeRequest();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.path()).isEqualTo("/repos/octo/hello/issues/comments/11");
        assertThat(request.json().toString()).isEqualTo("{\"body\":\"## Workpad\\n- [x] plan\"}");
        assertGitHubHeaders(request);
    }

    @Test
    void aMissingCommentOrIssueAndABadIdAreInvalid() {
        server.enqueue(404, GitHubJson.error("Not Found",
                "https://docs.github.com/rest/issues/comments#update-an-issue-comment"));
        assertThatThrownBy(() -> tracker.updateComment("5", "99", "x")).isInstanceOf(TrackerException.Invalid.class)
                .hasMessage("no comment 99 in octo/hello (or the token cannot see it)");

        server.enqueue(404, GitHubJson.error("Not Found",
                "https://docs.github.com/rest/issues/comments#list-issue-comments"));
        assertThatThrownBy(() -> tracker.fetchComments("7", null)).isInstanceOf(TrackerException.Invalid.class)
                .hasMessageContaining("no issue #7 in octo/hello");

        assertThatThrownBy(() -> tracker.updateComment("5", "../../issues/5", "x"))
                .isInstanceOf(TrackerException.Invalid.class).hasMessageContaining("is not a GitHub comment id");
        assertThatThrownBy(() -> tracker.fetchComments("5", "https://elsewhere.invalid/comments?page=2"))
                .isInstanceOf(TrackerException.Invalid.class).hasMessageContaining("is not a cursor of");
        assertThat(server.pendingRequests()).isEqualTo(2);
    }
}
