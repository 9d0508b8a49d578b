package dev.orbitdock.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The mission tools REST routes ({@code /api/mission-tools/…}) of the OrbitDock server that started the agent,
 * called with the run's issue token. The token only ever travels in the Authorization header.
 */
final class MissionToolsApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The server answered with an error; {@code getMessage()} is its message and hint, fit for the agent. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    MissionToolsApi(URI apiUrl, String token) {
        String text = apiUrl.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.token = token;
    }

    JsonNode get(String path) throws Failure {
        return send(request(path).GET());
    }

    JsonNode post(String path, Map<String, ?> body) throws Failure {
        return send("POST", path, body);
    }

    JsonNode patch(String path, Map<String, ?> body) throws Failure {
        return send("PATCH", path, body);
    }

    JsonNode put(String path, Map<String, ?> body) throws Failure {
        return send("PUT", path, body);
    }

    /** A path segment from an argument (a comment id): encoded, so it can name nothing but that segment. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, Map<String, ?> body) throws Failure {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Failure("cannot encode the request: " + e.getOriginalMessage());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve("api/mission-tools/" + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder request) throws Failure {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure("cannot reach OrbitDock at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String message = body.path("error").asText("HTTP " + response.statusCode());
            String hint = body.path("hint").asText("");
            throw new Failure(hint.isEmpty() ? message : message + " (" + hint + ")");
        }
        return body;
    }

    private static JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            return Json.mapper().createObjectNode().put("error", text);
        }
    }
}
