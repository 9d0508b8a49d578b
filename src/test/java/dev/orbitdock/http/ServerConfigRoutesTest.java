package dev.orbitdock.http;

import static dev.orbitdock.http.ErrorResponsesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServerConfigRoutesTest extends RunningServerTest {
    private static final String SECRET = "lin_api_abcdefghijklmnop-WXYZ";

    String token;

    @BeforeEach
    void setUp() {
        token = test.apiToken();
    }

    @Test
    void workspaceProviderReadsAndWrites() {
        JsonNode before = TestServer.json(test.get("/api/server/workspace-provider", token));
        assertThat(before.get("workspace_provider").asText()).isEqualTo("local");
        assertThat(before.get("source").asText()).isEqualTo("default");

        HttpResponse<String> put = test.send("PUT", "/api/server/workspace-provider", token,
                "{\"workspace_provider\":\"ssh\"}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(put).get("workspace_provider").asText()).isEqualTo("ssh");
        JsonNode after = TestServer.json(test.get("/api/server/workspace-provider", token));
        assertThat(after.get("workspace_provider").asText()).isEqualTo("ssh");
        assertThat(after.get("source").asText()).isEqualTo("table");
    }

    @Test
    void anUnknownOrMissingProviderIs400WithTheValidOnes() {
        for (String body : List.of("{\"workspace_provider\":\"kubernetes\"}", "{}")) {
            HttpResponse<String> response = test.send("PUT", "/api/server/workspace-provider", token, body);

            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = assertError(response, "invalid_workspace_provider");
            List<String> valid = new ArrayList<>();
            error.get("valid").forEach(v -> valid.add(v.asText()));
            assertThat(valid).containsExactly("local", "daytona", "ssh", "docker");
        }
        assertThat(TestServer.json(test.get("/api/server/workspace-provider", token)).get("source").asText())
                .isEqualTo("default");
    }

    @Test
    void serverConfigKeysBehaveLikeApiConfigAndSecretsAreWriteOnly() {
        HttpResponse<String> put = test.send("PUT", "/api/server/config/linear_api_key", token,
                "{\"value\":\"" + SECRET + "\"}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).doesNotContain(SECRET).contains("********WXYZ");
        HttpResponse<String> got = test.get("/api/server/config/linear_api_key", token);
        assertThat(got.body()).doesNotContain(SECRET);
        assertThat(TestServer.json(got).get("value").asText()).isEqualTo("********WXYZ");
        assertThat(test.config.get("linear_api_key").value()).isEqualTo(SECRET);

        assertThat(test.send("PUT", "/api/server/config/bind", token, "{\"value\":\"0.0.0.0:4100\"}").statusCode())
                .isEqualTo(200);
        assertThat(TestServer.json(test.get("/api/config/bind", token)).get("value").asText()).isEqualTo("0.0.0.0:4100");
    }

    @Test
    void unknownKeysAre404AndInvalidValues400() {
        assertThat(test.get("/api/server/config/colour", token).statusCode()).isEqualTo(404);
        assertError(test.send("PUT", "/api/server/config/colour", token, "{\"value\":\"red\"}"), "unknown_config_key");
        HttpResponse<String> invalid = test.send("PUT", "/api/server/config/bind", token, "{\"value\":\"nowhere\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertError(invalid, "invalid_config_value");
        assertError(test.send("PUT", "/api/server/config/bind", token, "{}"), "invalid_request");
    }
}
