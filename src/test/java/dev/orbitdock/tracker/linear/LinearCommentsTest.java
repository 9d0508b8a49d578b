package dev.orbitdock.tracker.linear;

import static dev.orbitdock.tracker.linear.LinearJson.comment;
import static dev.orbitdock.tracker.linear.LinearJson.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.tracker.FakeHttpServer;
import dev.orbitdock.tracker.FakeHttpServer.Request;
import dev.orbitdock.tracker.Page;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue comments over Linear's GraphQL API: the issue's comments connection, paged, and commentUpdate. */
class LinearCommentsTest {
    private final FakeHttpServer server = FakeHttpServer.start();
    private final LinearTracker tracker = new LinearTracker(URI.create(server.uri() + "/graphql"),
            LinearTrackerTest.KEY, Duration.ofSeconds(5), HttpClient.newHttpClient(),
            MutableClock.at("2026-11-25T12:00:00Z"));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void commentsArePagedThroughTheIssuesCommentsConnection() {
        server.enqueue(200, LinearJson.comments(uuid(1), "c-2", true,
                comment(uuid(101), "## Workpad\n- [ ] plan", "OrbitDock", "2026-11-20T08:00:00.000Z"),
                comment(uuid(102), "Synced from GitHub", null, "2026-11-21T08:00:00.000Z")));
        server.enqueue(200, LinearJson.comments(uuid(1), "c-3", false,
                comment(uuid(103), "Ship it", "Ada", "2026-11-22T08:00:00.000Z")));

        List<TrackerComment> comments = new ArrayList<>();
        List<JsonNode> variables = new ArrayList<>();
        String cursor = null;
        do {
            Page<TrackerComment> page = tracker.fetchComments(uuid(1), cursor);
            comments.addAll(page.items());
            variables.add(takeGraphql(LinearQueries.COMMENTS));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(comments).containsExactly(
                new TrackerComment(uuid(101), "## Workpad\n- [ ] plan", "OrbitDock",
                        Instant.parse("2026-11-20T08:00:00Z")),
                new TrackerComment(uuid(102), "Synced from GitHub", null, Instant.parse("2026-11-21T08:00:00Z")),
                new TrackerComment(uuid(103), "Ship it", "Ada", Instant.parse("2026-11-22T08:00:00Z")));
        assertThat(variables).extracting(Object::toString).containsExactly(
                "{\"id\":\"" + uuid(1) + "\",\"cursor\":null}", "{\"id\":\"" + uuid(1) + "\",\"cursor\":\"c-2\"}");
    }

    @Test
    void updateCommentSendsCommentUpdateWithTheNewBody() {
        server.enqueue(200, LinearJson.commentPayload("commentUpdate",
                comment(uuid(101), "## Workpad\n- [x] plan", "OrbitDock", "2026-11-20T08:00:00.000Z")));

        TrackerComment updated = tracker.updateComment(uuid(1), uuid(101), "## Workpad\n- [x] plan");

        assertThat(updated.id()).isEqualTo(uuid(101));
        assertThat(updated.body()).isEqualTo("## Workpad\n- [x] plan");
        assertThat(takeGraphql(LinearQueries.COMMENT_UPDATE).toString())
                .isEqualTo("{\"id\":\"" + uuid(101) + "\",\"body\":\"## Workpad\\n- [x] plan\"}");
    }

    @Test
    void aMissingIssueOrCommentIsInvalid() {
        server.enqueue(200, LinearJson.error("Entity not found: Issue", "INVALID_INPUT", "invalid input",
                "Could not find referenced Issue."));
        assertThatThrownBy(() -> tracker.fetchComments(uuid(9), null)).isInstanceOf(TrackerException.Invalid.class)
                .hasMessageContaining("Entity not found: Issue");

        server.enqueue(200, "{\"data\":{\"issue\":null}}");
        assertThatThrownBy(() -> tracker.fetchComments(uuid(9), null)).isInstanceOf(TrackerException.Invalid.class)
                .hasMessage("Linear has no issue " + uuid(9));

        server.enqueue(200, LinearJson.error("Entity not found: Comment", "INVALID_INPUT", "invalid input",
                "Could not find referenced Comment."));
        assertThatThrownBy(() -> tracker.updateComment(uuid(1), uuid(404), "x"))
                .isInstanceOf(TrackerException.Invalid.class).hasMessageContaining("Entity not found: Comment");

        server.enqueue(200, "{\"data\":{\"commentUpdate\":{\"success\":false,\"comment\":null}}}");
        assertThatThrownBy(() -> tracker.updateComment(uuid(1), uuid(101), "x"))
                .isInstanceOf(TrackerException.Invalid.class).hasMessage("Linear did not edit comment " + uuid(101)
                        + " (success: false)");
    }

    private JsonNode takeGraphql(String expectedQuery) {
        Request request = server.takeRequest();
        assertThat(request.path()).isEqualTo("/graphql");
        assertThat(request.header("Authorization")).isEqualTo(LinearTrackerTest.KEY);
        assertThat(request.json().get("query").asText()).isEqualTo(expectedQuery);
        return request.json().get("variables");
    }
}
