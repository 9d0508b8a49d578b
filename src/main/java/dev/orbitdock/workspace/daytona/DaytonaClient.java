package dev.orbitdock.workspace.daytona;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.workspace.WorkspaceException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The Daytona sandbox API ({@code @daytonaio/api-client}): create, get, list by labels, delete, last activity.
 * Every request carries {@code Authorization: Bearer <api key>}; the same key opens each sandbox's toolbox
 * ({@link #toolbox}). An error response's own {@code message} becomes the exception's message, word for word.
 */
public final class DaytonaClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** The code of a 404 where something was expected: for a sandbox's toolbox, the sandbox is gone. */
    public static final String NOT_FOUND = "daytona_not_found";
    private static final ObjectMapper JSON = Json.mapper();

    private final String apiUrl;
    private final String apiKey;
    private final HttpClient http;

    public DaytonaClient(URI apiUrl, String apiKey) {
        this.apiUrl = apiUrl.toString().replaceAll("/+$", "");
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public Sandbox create(SandboxSpec spec) {
        return Sandbox.of(send(post("/sandbox", spec), "create a sandbox"));
    }

    /** Empty once the sandbox is deleted. */
    public Optional<Sandbox> get(String sandboxId) {
        return exchange(request("/sandbox/" + encode(sandboxId)).GET(), "read sandbox " + sandboxId, true)
                .map(Sandbox::of);
    }

    /** Every sandbox carrying all of {@code labels} (the server filters; pages are followed). */
    public List<Sandbox> list(Map<String, String> labels) {
        List<Sandbox> all = new ArrayList<>();
        String cursor = null;
        do {
            String query = "?labels=" + encode(json(labels)) + (cursor == null ? "" : "&cursor=" + encode(cursor));
            JsonNode page = send(request("/sandbox" + query).GET(), "list sandboxes");
            page.path("items").forEach(item -> all.add(Sandbox.of(item)));
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return all;
    }

    /** Deletes the sandbox; one that is already gone is fine. */
    public void delete(String sandboxId) {
        exchange(request("/sandbox/" + encode(sandboxId)).DELETE(), "delete sandbox " + sandboxId, true);
    }

    /** Renews the sandbox's idle timer while its agent works (Daytona stops it {@code autoStopInterval} later). */
    public void keepAlive(String sandboxId) {
        send(post("/sandbox/" + encode(sandboxId) + "/last-activity", Map.of()), "renew sandbox "
                + sandboxId);
    }

    /** The sandbox's toolbox, at {@code <toolboxProxyUrl>/<sandbox id>} as Daytona's SDK addresses it. */
    public DaytonaToolbox toolbox(Sandbox sandbox) {
        String proxy = sandbox.toolboxProxyUrl() != null ? sandbox.toolboxProxyUrl()
                : send(request("/sandbox/" + encode(sandbox.id()) + "/toolbox-proxy-url").GET(),
                "find the toolbox of " + sandbox.id()).path("url").asText();
        return new DaytonaToolbox(this, proxy.replaceAll("/+$", "") + "/" + encode(sandbox.id()));
    }

    @Override
    public void close() {
        http.close();
    }

    HttpRequest.Builder request(String path) {
        return authorized(URI.create(apiUrl + path)).header("Accept", "application/json");
    }

    HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + apiKey);
    }

    private HttpRequest.Builder post(String path, Object body) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body)));
    }

    /** Sends and parses the JSON answer (NullNode when empty); a non-2xx answer throws with Daytona's words. */
    JsonNode send(HttpRequest.Builder builder, String what) {
        return exchange(builder, what, false).orElseThrow();
    }

    /** Like {@link #send}; a 404 is empty when {@code absentOk} (a sandbox that is gone). */
    private Optional<JsonNode> exchange(HttpRequest.Builder builder, String what, boolean absentOk) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WorkspaceException("daytona_unreachable", "Cannot reach Daytona at " + request.uri().getHost()
                    + " to " + what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    "check daytona_api_url and the network", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        int status = response.statusCode();
        if (status == 404 && absentOk) {
            return Optional.empty();
        }
        if (status / 100 != 2) {
            throw failure(what, status, response.body());
        }
        try {
            return Optional.of(response.body().isBlank() ? NullNode.getInstance() : JSON.readTree(response.body()));
        } catch (JsonProcessingException e) {
            throw new WorkspaceException("daytona_bad_response", "Daytona answered " + what + " with something"
                    + " that is not JSON", null, e);
        }
    }

    private static WorkspaceException failure(String what, int status, String body) {
        String hint = switch (status) {
            case 401 -> "check daytona_api_key (orbitdock config set daytona_api_key)";
            case 403 -> "the key lacks a permission or the organization's quota is used up";
            default -> null;
        };
        return new WorkspaceException(status == 404 ? NOT_FOUND : "daytona_api_error", "Daytona refused to " + what + " (HTTP " + status + "): "
                + message(body), hint, null);
    }

    /** Daytona's error body is {@code {statusCode, timestamp, path, error, message}}; message may be a list. */
    static String message(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode message = json.path("message");
            if (message.isArray()) {
                return StreamSupport.stream(message.spliterator(), false).map(JsonNode::asText)
                        .collect(Collectors.joining("; "));
            }
            if (message.isTextual()) {
                return message.asText();
            }
            if (json.path("error").isTextual()) {
                return json.path("error").asText();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: the body itself is the best words we have
        }
        return body.strip().isEmpty() ? "no details" : body.strip();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
