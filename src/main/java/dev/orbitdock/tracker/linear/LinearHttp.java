package dev.orbitdock.tracker.linear;

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
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Linear's GraphQL transport and the mapping of its failures onto {@link TrackerException}. The API key only ever
 * goes into the Authorization header, never into a message.
 */
final class LinearHttp {
    static final String USER_AGENT = "OrbitDock-tracker";
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(1);

    /** Linear reports each budget as {@code <prefix>-Remaining} and {@code <prefix>-Reset} (epoch milliseconds). */
    private static final List<String> BUDGETS = List.of("x-ratelimit-requests", "x-ratelimit-complexity",
            "x-ratelimit-endpoint-requests");
    private static final Set<String> AUTH_CODES = Set.of("AUTHENTICATION_ERROR", "FORBIDDEN");

    private record Response(int status, HttpHeaders headers, String body) {}

    private final URI endpoint;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient client;
    private final Clock clock;

    LinearHttp(URI endpoint, String apiKey, Duration timeout, HttpClient client, Clock clock) {
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.client = client;
        this.clock = clock;
    }

    /** Runs one GraphQL document and returns its {@code data}; every failure throws. */
    JsonNode graphql(String query, ObjectNode variables, String what) {
        ObjectNode body = Json.mapper().createObjectNode().put("query", query);
        body.set("variables", variables);
        Response response = exchange(body, what);
        int status = response.status();
        if (status == 401) {
            throw new TrackerException.AuthFailed("Linear rejected the API key while " + what + " (401)");
        }
        if (status == 429) {
            throw rateLimited(response, what);
        }
        if (status >= 500) {
            throw new TrackerException.Unavailable("Linear failed " + what + " (" + status + ")", null);
        }
        JsonNode answer;
        try {
            answer = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new TrackerException.Unavailable("Linear sent unreadable JSON for " + what + " (" + status + ")",
                    e);
        }
        JsonNode errors = answer == null ? null : answer.path("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            throw failure(response, errors, what);
        }
        if (status / 100 != 2) {
            throw new TrackerException.Invalid("Linear refused " + what + " (" + status + ")");
        }
        JsonNode data = answer == null ? null : answer.path("data");
        if (data == null || !data.isObject()) {
            throw new TrackerException.Unavailable("Linear's answer to " + what + " has no data", null);
        }
        return data;
    }

    private TrackerException failure(Response response, JsonNode errors, String what) {
        List<String> messages = new ArrayList<>();
        boolean auth = false;
        for (JsonNode error : errors) {
            String code = error.path("extensions").path("code").asText("");
            if (code.equals("RATELIMITED")) {
                // Linear answers a rate limit with HTTP 400 and this code rather than with 429.
                return rateLimited(response, what);
            }
            auth |= AUTH_CODES.contains(code);
            String message = error.path("message").asText("(no message)");
            String forUsers = error.path("extensions").path("userPresentableMessage").asText("");
            messages.add(forUsers.isEmpty() || forUsers.equals(message) ? message : message + " (" + forUsers + ")");
        }
        String detail = String.join("; ", messages);
        if (auth) {
            return new TrackerException.AuthFailed("Linear refused the API key while " + what + ": " + detail);
        }
        return new TrackerException.Invalid("Linear refused " + what + ": " + detail);
    }

    private TrackerException.RateLimited rateLimited(Response response, String what) {
        return new TrackerException.RateLimited("Linear rate limit while " + what,
                rateLimitWait(response.headers()).orElse(DEFAULT_RATE_LIMIT_WAIT));
    }

    /**
     * The wait until the exhausted budget refills: the latest reset among budgets whose remaining is 0, else the
     * requests budget's reset, else {@code Retry-After} seconds.
     */
    Optional<Duration> rateLimitWait(HttpHeaders headers) {
        Optional<Instant> exhausted = BUDGETS.stream()
                .filter(budget -> headers.firstValue(budget + "-remaining").flatMap(LinearHttp::number)
                        .filter(remaining -> remaining <= 0).isPresent())
                .flatMap(budget -> headers.firstValue(budget + "-reset").flatMap(LinearHttp::number).stream())
                .map(Instant::ofEpochMilli)
                .max(Instant::compareTo);
        Optional<Instant> reset = exhausted.or(() -> headers.firstValue("x-ratelimit-requests-reset")
                .flatMap(LinearHttp::number).map(Instant::ofEpochMilli));
        if (reset.isPresent()) {
            Duration wait = Duration.between(clock.instant(), reset.get());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        }
        return headers.firstValue("retry-after").flatMap(LinearHttp::number).map(Duration::ofSeconds);
    }

    private Response exchange(JsonNode body, String what) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                // Personal API keys go as they are; OAuth tokens are configured as "Bearer …".
                .header("Authorization", apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        CompletableFuture<HttpResponse<String>> future = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            // The request timeout only covers the response headers; this bounds a stalled body too.
            HttpResponse<String> response = future.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TrackerException.Unavailable("Linear did not answer " + what + " within " + timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String problem = cause instanceof HttpTimeoutException
                    ? "did not answer within " + timeout : "could not be reached: " + cause;
            throw new TrackerException.Unavailable("Linear " + problem + " (" + what + ")", cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new TrackerException.Unavailable("interrupted while " + what, e);
        }
    }

    private static Optional<Long> number(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
