package dev.orbitdock.tracker.linear;

import static dev.orbitdock.tracker.linear.LinearJson.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.FakeHttpServer;
import dev.orbitdock.tracker.FakeHttpServer.Response;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerRead;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How Linear's failures surface: which exception, which retryAfter, and never the key. */
class LinearErrorsTest {
    private static final String KEY = LinearTrackerTest.KEY;
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final FakeHttpServer server = FakeHttpServer.start();
    private final LinearTracker tracker = tracker(Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        server.close();
    }

    private LinearTracker tracker(Duration timeout) {
        return new LinearTracker(URI.create(server.uri() + "/graphql"), KEY, timeout, HttpClient.newHttpClient(),
                new MutableClock(NOW));
    }

    private TrackerException candidatesFailure() {
        TrackerException e = catchThrowableOfType(TrackerException.class,
                () -> tracker.fetchCandidates(new CandidateQuery(List.of(), List.of("Todo"), null, null), null));
        assertThat(e).as("fetchCandidates should have failed").isNotNull();
        assertThat(e.getMessage()).doesNotContain(KEY);
        return e;
    }

    private static String epochMillis(Instant at) {
        return String.valueOf(at.toEpochMilli());
    }

    @Test
    void ratelimitedWaitsUntilTheRequestsBudgetResets() {
        server.enqueue(Response.json(400, LinearJson.RATE_LIMITED)
                .header("X-RateLimit-Requests-Limit", "1500")
                .header("X-RateLimit-Requests-Remaining", "0")
                .header("X-RateLimit-Requests-Reset", epochMillis(NOW.plusMillis(42_500)))
                .header("X-RateLimit-Complexity-Remaining", "240000")
                .header("X-RateLimit-Complexity-Reset", epochMillis(NOW.plusSeconds(3600))));

        assertThat(candidatesFailure()).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(42_500)));
    }

    @Test
    void anExhaustedComplexityBudgetDecidesTheWait() {
        server.enqueue(Response.json(400, LinearJson.RATE_LIMITED)
                .header("X-RateLimit-Requests-Remaining", "900")
                .header("X-RateLimit-Requests-Reset", epochMillis(NOW.plusSeconds(10)))
                .header("X-RateLimit-Complexity-Remaining", "0")
                .header("X-RateLimit-Complexity-Reset", epochMillis(NOW.plusSeconds(300))));

        assertThat(candidatesFailure()).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(300)));
    }

    @Test
    void http429IsRateLimitedToo() {
        server.enqueue(Response.json(429, "{}").header("Retry-After", "17"));
        assertThat(candidatesFailure()).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(17)));

        server.enqueue(429, "");
        assertThat(candidatesFailure()).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
    }

    @Test
    void authenticationErrorsAreAuthFailed() {
        server.enqueue(400, LinearJson.UNAUTHENTICATED);
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.AuthFailed.class)
                .hasMessageContaining("Authentication required");

        server.enqueue(401, LinearJson.UNAUTHENTICATED);
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.AuthFailed.class);

        server.enqueue(200, LinearJson.error("You don't have access to this team", "FORBIDDEN", "forbidden",
                "You don't have access to this team."));
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.AuthFailed.class);
    }

    @Test
    void otherGraphqlErrorsAreInvalidWithTheMessage() {
        server.enqueue(400, "{\"errors\":[{\"message\":\"Field \\\"nope\\\" is not defined by type \\\"IssueFilter\\\".\","
                + "\"locations\":[{\"line\":2,\"column\":3}],\"extensions\":{\"code\":\"GRAPHQL_VALIDATION_FAILED\","
                + "\"type\":\"graphql error\",\"userError\":false}}]}");

        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Invalid.class)
                .hasMessageContaining("Field \"nope\" is not defined by type \"IssueFilter\".");
    }

    @Test
    void serverErrorsGarbageAndMissingDataAreUnavailable() {
        server.enqueue(500, "{\"errors\":[{\"message\":\"Internal server error\"}]}");
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class);

        server.enqueue(503, "<html>upstream connect error</html>");
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class);

        server.enqueue(200, "<html>captive portal</html>");
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class);

        server.enqueue(200, "{\"data\":null}");
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class);

        server.enqueue(200, "{\"data\":{\"issues\":{\"pageInfo\":{\"hasNextPage\":false},\"nodes\":[{\"id\":\"x\"}]}}}");
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class);
    }

    @Test
    void aSlowAnswerTimesOutAsUnavailable() {
        LinearTracker impatient = tracker(Duration.ofMillis(200));
        server.enqueue(Response.json(200, LinearJson.success("commentCreate")).delayed(Duration.ofSeconds(3)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.comment(uuid(1), "x"))
                .isInstanceOf(TrackerException.Unavailable.class)
                .hasMessageContaining("PT0.2S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void fetchIssuesIsUnknownOnFailureAndStopsAfterARateLimit() {
        List<String> ids = IntStream.rangeClosed(1, 120).mapToObj(LinearJson::uuid).toList();
        server.enqueue(502, "");
        server.enqueue(Response.json(400, LinearJson.RATE_LIMITED)
                .header("X-RateLimit-Requests-Remaining", "0")
                .header("X-RateLimit-Requests-Reset", epochMillis(NOW.plusSeconds(30))));

        Map<String, TrackerRead> reads = tracker.fetchIssues(ids);

        assertThat(reads).hasSize(120);
        assertThat(((TrackerRead.Unknown) reads.get(uuid(1))).error()).isInstanceOf(TrackerException.Unavailable.class);
        assertThat(((TrackerRead.Unknown) reads.get(uuid(51))).error())
                .isInstanceOfSatisfying(TrackerException.RateLimited.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(((TrackerRead.Unknown) reads.get(uuid(120))).error()).isSameAs(
                ((TrackerRead.Unknown) reads.get(uuid(51))).error());
        server.takeRequest();
        server.takeRequest();
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void theKeyIsNeitherInMessagesNorInToString() {
        server.enqueue(401, LinearJson.UNAUTHENTICATED);

        assertThat(candidatesFailure().getMessage()).doesNotContain(KEY);
        assertThat(tracker.toString()).doesNotContain(KEY);
    }
}
