package dev.orbitdock.http;

import static dev.orbitdock.http.ErrorResponsesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigRoutesTest extends RunningServerTest {
    private static final String SECRET = "sk-ant-api03-abcdefghijklmnop-WXYZ";

    String token;

    @BeforeEach
    void setUp() {
        token = test.apiToken();
    }

    @Test
    void listsEverySettingWithItsSource() {
        JsonNode settings = TestServer.json(test.get("/api/config", token)).get("settings");

        List<String> keys = new ArrayList<>();
        settings.forEach(s -> keys.add(s.get("key").asText()));
        assertThat(keys).contains("bind", "log_level", "anthropic_api_key");
        JsonNode bind = find(settings, "bind");
        assertThat(bind.get("value").asText()).isEqualTo("127.0.0.1:4000");
        assertThat(bind.get("source").asText()).isEqualTo("default");
        assertThat(bind.get("secret").asBoolean()).isFalse();
        assertThat(bind.get("type").asText()).isEqualTo("host_port");
        assertThat(bind.get("description").asText()).isNotBlank();
        JsonNode key = find(settings, "anthropic_api_key");
        assertThat(key.get("value").isNull()).isTrue();
        assertThat(key.get("source").asText()).isEqualTo("unset");
        assertThat(find(settings, "log_level").get("choices")).hasSize(4);
    }

    @Test
    void setGetAndUnsetAPlainSetting() {
        HttpResponse<String> put = test.send("PUT", "/api/config/log_level", token, "{\"value\":\"debug\"}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(put).get("value").asText()).isEqualTo("debug");
        assertThat(TestServer.json(put).get("source").asText()).isEqualTo("table");

        assertThat(TestServer.json(test.get("/api/config/log_level", token)).get("value").asText()).isEqualTo("debug");

        HttpResponse<String> delete = test.send("DELETE", "/api/config/log_level", token, null);
        assertThat(delete.statusCode()).isEqualTo(204);
        JsonNode after = TestServer.json(test.get("/api/config/log_level", token));
        assertThat(after.get("value").asText()).isEqualTo("info");
        assertThat(after.get("source").asText()).isEqualTo("default");
    }

    @Test
    void secretsAreWriteOnly() throws Exception {
        HttpResponse<String> put = test.send("PUT", "/api/config/anthropic_api_key", token,
                "{\"value\":\"" + SECRET + "\"}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).doesNotContain(SECRET);
        JsonNode shown = TestServer.json(put);
        assertThat(shown.get("secret").asBoolean()).isTrue();
        assertThat(shown.get("value").asText()).isEqualTo("********WXYZ");

        HttpResponse<String> one = test.get("/api/config/anthropic_api_key", token);
        HttpResponse<String> all = test.get("/api/config", token);
        assertThat(one.body()).doesNotContain(SECRET).contains("********WXYZ");
        assertThat(all.body()).doesNotContain(SECRET).contains("********WXYZ");
        // stored encrypted, yet the store still reads it back in clear for the server's own use
        assertThat(storedValue("anthropic_api_key")).startsWith("enc:v1:").doesNotContain(SECRET);
        assertThat(test.config.get("anthropic_api_key").value()).isEqualTo(SECRET);
    }

    @Test
    void unknownKeyIs404WithTheValidKeys() {
        for (HttpResponse<String> response : List.of(test.get("/api/config/colour", token),
                test.send("PUT", "/api/config/colour", token, "{\"value\":\"red\"}"),
                test.send("PUT", "/api/config/colour", token, "not json"),
                test.send("DELETE", "/api/config/colour", token, null))) {
            assertThat(response.statusCode()).isEqualTo(404);
            JsonNode body = assertError(response, "unknown_config_key");
            List<String> valid = new ArrayList<>();
            body.get("valid_keys").forEach(k -> valid.add(k.asText()));
            assertThat(valid).contains("bind", "log_level", "anthropic_api_key");
        }
    }

    @Test
    void invalidValueIs400AndNothingIsStored() {
        HttpResponse<String> response = test.send("PUT", "/api/config/bind", token, "{\"value\":\"nowhere\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertError(response, "invalid_config_value");
        assertThat(TestServer.json(test.get("/api/config/bind", token)).get("source").asText()).isEqualTo("default");
    }

    private String storedValue(String key) {
        return test.database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM config WHERE key = ?")) {
                statement.setString(1, key);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private static JsonNode find(JsonNode settings, String key) {
        for (JsonNode setting : settings) {
            if (setting.get("key").asText().equals(key)) {
                return setting;
            }
        }
        throw new AssertionError("no setting " + key);
    }
}
