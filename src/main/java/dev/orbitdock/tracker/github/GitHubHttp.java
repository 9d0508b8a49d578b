package dev.orbitdock.tracker.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.tracker.TrackerException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GitHub's REST and GraphQL transport: the headers every call carries and the mapping of GitHub's failures onto
 * {@link TrackerException}. The token only ever goes into the Authorization header, never into a message.
 */
final class GitHubHttp {
    static final String API_VERSION = "2022-11-28";
    static final String USER_AGENT = "OrbitDock-tracker";
    /** GitHub's advice when a secondary limit names no wait: "wait for at least one minute". */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(1);

    record Response(int status, HttpHeaders headers, String body) {
        boolean ok() {
            return status / 100 == 2;
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    private final URI baseUrl;
    private final URI graphqlUrl;
    private final String token;
    private final Duration timeout;
    private final HttpClient client;
    private final Clock clock;

    GitHubHttp(URI baseUrl, String token, Duration timeout, HttpClient client, Clock clock) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.baseUrl = URI.create(base);
        // GitHub Enterprise Server serves REST under /api/v3 and GraphQL under /api/graphql.
        this.graphqlUrl = URI.create(base.endsWith("/api/v3")
                ? base.substring(0, base.length() - "/v3".length()) + "/graphql"
                : base + "/graphql");
        this.token = token;
        this.timeout = timeout;
        this.client = client;
        this.clock = clock;
    }

    URI url(String path) {
        return URI.create(baseUrl + path);
    }

    /** Cursor URLs come back to us from callers; only ever send the token to the API we were configured with. */
    boolean isOurs(URI uri) {
        return baseUrl.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                && baseUrl.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
                && baseUrl.getPort() == uri.getPort();
    }

    /** Sends one request and returns whatever status came back; only transport failures throw here. */
    Response exchange(String method, URI uri, JsonNode body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", USER_AGENT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        CompletableFuture<HttpResponse<String>> future =
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            // The request timeout only covers the response headers; this bounds a stalled body too.
            HttpResponse<String> response = future.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TrackerException.Unavailable("GitHub did not answer " + what + " within " + timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String problem = cause instanceof java.net.http.HttpTimeoutException
                    ? "did not answer within " + timeout : "could not be reached: " + cause;
            throw new TrackerException.Unavailable("GitHub " + problem + " (" + what + ")", cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new TrackerException.Unavailable("interrupted while " + what, e);
        }
    }

    /** The JSON body of a 2xx answer; anything else becomes the matching {@link TrackerException}. */
    JsonNode json(Response response, String what) {
        if (!response.ok()) {
            throw failure(response, what);
        }
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new TrackerException.Unavailable("GitHub sent unreadable JSON for " + what, e);
        }
    }

    JsonNode call(String method, URI uri, JsonNode body, String what) {
        return json(exchange(method, uri, body, what), what);
    }

    /** Runs a GraphQL document and returns its {@code data}; GraphQL-level errors throw too. */
    JsonNode graphql(String query, ObjectNode variables, String what) {
        return graphql(query, variables, what, false);
    }

    /**
     * @param partial accept NOT_FOUND errors (their fields come back null), for batches where one missing
     *     issue must not fail the others
     */
    JsonNode graphql(String query, ObjectNode variables, String what, boolean partial) {
        ObjectNode request = Json.mapper().createObjectNode().put("query", query);
        request.set("variables", variables);
        Response response = exchange("POST", graphqlUrl, request, what);
        JsonNode answer = json(response, what);
        JsonNode errors = answer.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            for (JsonNode error : errors) {
                if ("RATE_LIMITED".equals(error.path("type").asText())) {
                    throw new TrackerException.RateLimited("GitHub rate limit while " + what + ": "
                            + error.path("message").asText(), rateLimitWait(response).orElse(DEFAULT_RATE_LIMIT_WAIT));
                }
                if (!(partial && "NOT_FOUND".equals(error.path("type").asText()))) {
                    messages.add(error.path("message").asText("(no message)"));
                }
            }
            if (!messages.isEmpty()) {
                throw new TrackerException.Invalid("GitHub refused " + what + ": " + String.join("; ", messages));
            }
        }
        JsonNode data = answer.path("data");
        if (!data.isObject()) {
            throw new TrackerException.Unavailable("GitHub's answer to " + what + " has no data", null);
        }
        return data;
    }

    /** Maps a non-2xx answer (see GitHub's "rate limits for the REST API" for the 403/429 rules). */
    TrackerException failure(Response response, String what) {
        int status = response.status();
        String message = message(response);
        String detail = " (" + status + (message.isEmpty() ? "" : " " + message) + ")";
        if (status == 401) {
            return new TrackerException.AuthFailed("GitHub rejected the token while " + what + detail);
        }
        if (status == 403 || status == 429) {
            Optional<Duration> wait = rateLimitWait(response);
            if (wait.isPresent() || status == 429 || message.toLowerCase(Locale.ROOT).contains("rate limit")) {
                return new TrackerException.RateLimited("GitHub rate limit while " + what + detail,
                        wait.orElse(DEFAULT_RATE_LIMIT_WAIT));
            }
            return new TrackerException.AuthFailed("GitHub refused " + what + detail);
        }
        if (status >= 500) {
            return new TrackerException.Unavailable("GitHub failed " + what + detail, null);
        }
        return new TrackerException.Invalid("GitHub refused " + what + detail);
    }

    /**
     * How long GitHub asks us to wait: {@code retry-after} seconds, or until {@code x-ratelimit-reset} when
     * {@code x-ratelimit-remaining} is 0; the later of the two when both are given.
     */
    Optional<Duration> rateLimitWait(Response response) {
        Optional<Duration> retryAfter = response.header("retry-after").flatMap(GitHubHttp::seconds)
                .map(Duration::ofSeconds);
        Optional<Duration> untilReset = response.header("x-ratelimit-remaining")
                .filter(remaining -> remaining.strip().equals("0"))
                .flatMap(zero -> response.header("x-ratelimit-reset")).flatMap(GitHubHttp::seconds)
                .map(reset -> Duration.between(clock.instant(), Instant.ofEpochSecond(reset)))
                .map(wait -> wait.isNegative() ? Duration.ZERO : wait);
        if (retryAfter.isPresent() && untilReset.isPresent()) {
            return Optional.of(retryAfter.get().compareTo(untilReset.get()) >= 0 ? retryAfter.get() : untilReset.get());
        }
        return retryAfter.or(() -> untilReset);
    }

    /** GitHub's error body is {@code {"message": …, "documentation_url": …}}; keep the message only. */
    private static String message(Response response) {
        try {
            JsonNode body = Json.mapper().readTree(response.body());
            return body.path("message").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Optional<Long> seconds(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
