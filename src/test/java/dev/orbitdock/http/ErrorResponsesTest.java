package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest extends RunningServerTest {
    String token;

    @BeforeEach
    void setUp() {
        token = test.apiToken();
    }

    @Test
    void healthNeedsNoToken() {
        HttpResponse<String> response = test.get("/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(TestServer.json(response)).isEqualTo(TestServer.JSON.createObjectNode()
                .put("status", "ok").put("version", TestServer.VERSION));
    }

    @Test
    void unknownRouteIsJson404() {
        HttpResponse<String> response = test.get("/api/nope", token);

        assertThat(response.statusCode()).isEqualTo(404);
        assertError(response, "not_found");
        assertThat(test.get("/nope", null).statusCode()).isEqualTo(404);
        assertError(test.get("/nope", null), "not_found");
    }

    @Test
    void wrongMethodIsJson405() {
        HttpResponse<String> response = test.send("POST", "/api/config", token, "{}");

        assertThat(response.statusCode()).isEqualTo(405);
        assertError(response, "method_not_allowed");
    }

    @Test
    void malformedJsonNamesThePosition() {
        HttpResponse<String> response = test.send("PUT", "/api/config/log_level", token, "{\"value\": \"debug\",\n}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = assertError(response, "malformed_json");
        assertThat(body.get("error").asText()).contains("line 2, column 1");
    }

    @Test
    void missingOrUnknownFieldsAreInvalidRequests() {
        assertError(test.send("PUT", "/api/config/log_level", token, "{}"), "invalid_request");
        HttpResponse<String> unknown = test.send("PUT", "/api/config/log_level", token, "{\"value\":\"debug\",\"x\":1}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(assertError(unknown, "invalid_request").get("error").asText()).contains("'x'");
        assertError(test.send("PUT", "/api/config/log_level", token, "[1,2]"), "invalid_request");
        assertError(test.send("PUT", "/api/config/log_level", token, ""), "invalid_request");
        assertError(test.send("PUT", "/api/config/log_level", token, "{\"value\":{}}"), "invalid_request");
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "{\"value\":\"" + "x".repeat(1024 * 1024) + "\"}";

        // Expect: 100-continue lets the 413 arrive before the body is sent, instead of racing the server closing
        // a connection whose oversized body it will not read.
        HttpResponse<String> response = test.send(test.request("/api/config/log_level", token).expectContinue(true)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(big)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(assertError(response, "payload_too_large").get("max_bytes").asLong()).isEqualTo(1024 * 1024);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        byte[] big = ("{\"value\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes();
        HttpRequest.Builder request = test.request("/api/config/log_level", token).expectContinue(true)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)));

        HttpResponse<String> response = test.send(request);

        assertThat(response.statusCode()).isEqualTo(413);
        assertError(response, "payload_too_large");
    }

    @Test
    void unexpectedFailureIs500WithoutDetails() {
        test.database.close(); // every read now fails with an IllegalStateException

        HttpResponse<String> response = test.get("/api/sessions", token);

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode body = assertError(response, "internal_error");
        assertThat(body.get("error").asText()).isEqualTo("internal error (see server log)");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.orbitdock");
    }

    @Test
    void orbitDockExceptionKeepsCodeAndHint() {
        HttpResponse<String> response = test.send("PUT", "/api/config/log_level", token, "{\"value\":\"loud\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = assertError(response, "invalid_config_value");
        assertThat(body.get("hint").asText()).contains("log_level");
    }

    static JsonNode assertError(HttpResponse<String> response, String code) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = TestServer.json(response);
        assertThat(body.path("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(body.path("error").asText()).isNotBlank();
        return body;
    }

}
