package dev.orbitdock.tracker.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.FakeHttpServer;
import dev.orbitdock.tracker.FakeHttpServer.Response;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerRead;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How GitHub's failures surface: which exception, which retryAfter, and never the token. */
class GitHubErrorsTest {
    private static final String TOKEN = GitHubTrackerTest.TOKEN;
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String RATE_DOCS =
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";

    private final FakeHttpServer server = FakeHttpServer.start();
    private final GitHubTracker tracker = tracker(server.uri(), Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        server.close();
    }

    private static GitHubTracker tracker(URI uri, Duration timeout) {
        return new GitHubTracker(uri, "octo", "hello", null, TOKEN, timeout, HttpClient.newHttpClient(),
                new MutableClock(NOW));
    }

    private TrackerException candidatesFailure() {
        TrackerException e = catchThrowableOfType(TrackerException.class,
                () -> tracker.fetchCandidates(new CandidateQuery(List.of("agent"), List.of(), null, null), null));
        assertThat(e).as("fetchCandidates should have failed").isNotNull();
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        return e;
    }

    @Test
    void unauthorizedIsAuthFailed() {
        server.enqueue(401, GitHubJson.error("Bad credentials", "https://docs.github.com/rest"));

        assertThat(candidatesFailure()).isInstanceOf(TrackerException.AuthFailed.class)
                .hasMessageContaining("401 Bad credentials");
    }

    @Test
    void primaryRateLimitWaitsUntilTheReset() {
        server.enqueue(Response.json(403, GitHubJson.error("API rate limit exceeded for user ID 1. If you reach out "
                        + "to GitHub Support for help, please include the request ID ABCD.", RATE_DOCS))
                .header("x-ratelimit-limit", "5000").header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-used", "5000").header("x-ratelimit-resource", "core")
                .header("x-ratelimit-reset", String.valueOf(NOW.plusSeconds(1234).getEpochSecond())));

        assertThat(candidatesFailure()).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1234)));
    }

    @Test
    void aResetInThePastMeansRetryNow() {
        server.enqueue(Response.json(429, GitHubJson.error("API rate limit exceeded", RATE_DOCS))
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", String.valueOf(NOW.minusSeconds(5).getEpochSecond())));

        assertThat(candidatesFailure()).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isZero());
    }

    @Test
    void secondaryRateLimitWaitsRetryAfterSeconds() {
        server.enqueue(Response.json(403, GitHubJson.error("You have exceeded a secondary rate limit. Please wait a "
                        + "few minutes before you try again.", "https://docs.github.com/rest/overview/"
                        + "rate-limits-for-the-rest-api#about-secondary-rate-limits"))
                .header("retry-after", "90").header("x-ratelimit-remaining", "4000")
                .header("x-ratelimit-reset", String.valueOf(NOW.plusSeconds(3000).getEpochSecond())));

        assertThat(candidatesFailure()).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90)));
    }

    @Test
    void whenBothHeadersApplyTheLaterWins() {
        server.enqueue(Response.json(429, GitHubJson.error("API rate limit exceeded", RATE_DOCS))
                .header("retry-after", "60").header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", String.valueOf(NOW.plusSeconds(600).getEpochSecond())));

        assertThat(candidatesFailure()).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(600)));
    }

    @Test
    void aRateLimitWithoutHeadersWaitsAMinute() {
        server.enqueue(429, GitHubJson.error("Too many requests", RATE_DOCS));
        assertThat(candidatesFailure()).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1)));

        server.enqueue(403, GitHubJson.error("You have exceeded a secondary rate limit and have been temporarily "
                + "blocked from content creation.", RATE_DOCS));
        assertThat(candidatesFailure()).isInstanceOfSatisfying(TrackerException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
    }

    @Test
    void anyOtherForbiddenIsAuthFailedWithGitHubsMessage() {
        server.enqueue(Response.json(403, GitHubJson.error("Resource not accessible by personal access token",
                        "https://docs.github.com/rest/issues/issues#list-repository-issues"))
                .header("x-ratelimit-remaining", "4999"));

        assertThat(candidatesFailure()).isInstanceOf(TrackerException.AuthFailed.class)
                .hasMessageContaining("403 Resource not accessible by personal access token");
    }

    @Test
    void serverErrorsAreUnavailable() {
        server.enqueue(503, "");
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class).hasMessageContaining("503");

        server.enqueue(500, GitHubJson.error("Server Error", "https://docs.github.com/rest"));
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class);
    }

    @Test
    void garbageJsonIsUnavailable() {
        server.enqueue(200, "<!DOCTYPE html><html>Unicorn!</html>");
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class);

        server.enqueue(200, "[{\"number\": 1}] trailing");
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class);

        server.enqueue(200, "{\"message\": \"not a list\"}");
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class);

        server.enqueue(200, "[{\"title\": \"no number\", \"labels\": [{\"name\": \"agent\"}]}]");
        assertThat(candidatesFailure()).isInstanceOf(TrackerException.Unavailable.class);
    }

    @Test
    void aSlowAnswerTimesOutAsUnavailable() {
        GitHubTracker impatient = tracker(server.uri(), Duration.ofMillis(200));
        server.enqueue(Response.json(200, "[]").delayed(Duration.ofSeconds(3)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.comment("1", "hello"))
                .isInstanceOf(TrackerException.Unavailable.class)
                .hasMessageContaining("PT0.2S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

        server.enqueue(Response.json(200, "[]").delayed(Duration.ofSeconds(3)));
        assertThat(impatient.fetchIssues(List.of("1")).get("1")).isInstanceOfSatisfying(TrackerRead.Unknown.class,
                u -> assertThat(u.error()).isInstanceOf(TrackerException.Unavailable.class));
    }

    @Test
    void anUnreachableServerIsUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GitHubTracker nowhere = tracker(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));

        assertThatThrownBy(() -> nowhere.comment("1", "x")).isInstanceOf(TrackerException.Unavailable.class);
    }

    @Test
    void validationErrorsAreInvalid() {
        server.enqueue(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Issue\",\"code\":"
                + "\"missing_field\",\"field\":\"title\"}],\"documentation_url\":"
                + "\"https://docs.github.com/rest/issues/issues#create-an-issue\",\"status\":\"422\"}");

        assertThatThrownBy(() -> tracker.createFollowUp("1", "", "x"))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessageContaining("422 Validation Failed");
    }

    @Test
    void theTokenIsNeitherInMessagesNorInToString() {
        server.enqueue(401, GitHubJson.error("Bad credentials", "https://docs.github.com/rest"));

        assertThat(candidatesFailure().getMessage()).doesNotContain(TOKEN);
        assertThat(tracker.toString()).doesNotContain(TOKEN);
    }
}
