package dev.orbitdock.cli.init;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.cli.init.CredentialCheck.Verdict;
import dev.orbitdock.common.Json;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.daytona.DaytonaClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The cheap "who am I" read of each service whose key the wizard asks for. Endpoints follow the environment
 * variables the services' own tools honour ({@code GITHUB_API_URL}, {@code ANTHROPIC_BASE_URL},
 * {@code OPENAI_BASE_URL}; {@code ORBITDOCK_LINEAR_API_URL}), so a proxy or a test server can stand in.
 */
public final class ServiceCredentialChecks implements CredentialCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(8);

    private final Map<String, String> env;
    private final Function<ConfigKey, String> current;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param current stored values, for a key whose endpoint is another setting (Daytona's API URL) */
    public ServiceCredentialChecks(Map<String, String> env, Function<ConfigKey, String> current) {
        this.env = env;
        this.current = current;
    }

    @Override
    public boolean covers(ConfigKey key) {
        return key == ConfigKeys.GITHUB_TOKEN || key == ConfigKeys.LINEAR_API_KEY || key == ConfigKeys.ANTHROPIC_API_KEY
                || key == ConfigKeys.OPENAI_API_KEY || key == ConfigKeys.DAYTONA_API_KEY;
    }

    @Override
    public Verdict check(ConfigKey key, String value, Map<String, String> answers) {
        if (key == ConfigKeys.GITHUB_TOKEN) {
            return ask(get(base("GITHUB_API_URL", "https://api.github.com") + "/user", "Authorization", "Bearer " + value),
                    json -> json.path("login").asText(null), json -> json.path("message").asText(null));
        }
        if (key == ConfigKeys.LINEAR_API_KEY) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base("ORBITDOCK_LINEAR_API_URL",
                    "https://api.linear.app/graphql"))).timeout(TIMEOUT).header("Authorization", value)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ viewer { name } }\"}")).build();
            return ask(request, json -> json.path("data").path("viewer").path("name").asText(null),
                    json -> json.path("errors").path(0).path("message").asText(null));
        }
        if (key == ConfigKeys.ANTHROPIC_API_KEY) {
            return ask(get(base("ANTHROPIC_BASE_URL", "https://api.anthropic.com") + "/v1/models", "x-api-key", value,
                    "anthropic-version", "2023-06-01"), json -> null, json -> json.path("error").path("message").asText(null));
        }
        if (key == ConfigKeys.OPENAI_API_KEY) {
            return ask(get(base("OPENAI_BASE_URL", "https://api.openai.com/v1") + "/models", "Authorization",
                    "Bearer " + value), json -> null, json -> json.path("error").path("message").asText(null));
        }
        if (key == ConfigKeys.DAYTONA_API_KEY) {
            String url = answers.getOrDefault(ConfigKeys.DAYTONA_API_URL.name(), current.apply(ConfigKeys.DAYTONA_API_URL));
            try (DaytonaClient daytona = new DaytonaClient(URI.create(url), value)) {
                daytona.list(Map.of());
                return new Verdict.Accepted(null);
            } catch (WorkspaceException e) {
                return e.code().equals("daytona_unreachable") ? new Verdict.Unreachable(e.getMessage())
                        : new Verdict.Rejected(e.getMessage());
            }
        }
        throw new IllegalArgumentException("no check for " + key.name());
    }

    private String base(String variable, String fallback) {
        String value = env.get(variable);
        return (value == null || value.isBlank() ? fallback : value).replaceAll("/+$", "");
    }

    private static HttpRequest get(String url, String... headers) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).headers(headers).GET().build();
    }

    /** 2xx → accepted; 401/403 → refused in the service's words; anything else → no verdict. */
    private Verdict ask(HttpRequest request, Function<JsonNode, String> who, Function<JsonNode, String> why) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Verdict.Unreachable("cannot reach " + request.uri().getHost()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict.Unreachable("interrupted");
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status / 100 == 2 && !body.has("errors")) {
            return new Verdict.Accepted(who.apply(body));
        }
        String message = why.apply(body);
        String said = "HTTP " + status + (message == null ? "" : ": " + message);
        return status == 401 || status == 403 || body.has("errors") ? new Verdict.Rejected(said)
                : new Verdict.Unreachable(request.uri().getHost() + " answered " + said);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = Json.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
            return json == null ? Json.mapper().createObjectNode() : json;
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }
}
