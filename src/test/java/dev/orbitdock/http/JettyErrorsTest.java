package dev.orbitdock.http;

import static dev.orbitdock.http.ErrorResponsesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Failures Jetty answers before Javalin sees the request still come back in the API's JSON shape. */
class JettyErrorsTest extends RunningServerTest {

    @Test
    void oversizedHeadersAreJson431() {
        HttpResponse<String> response = test.send(test.request("/health", null).header("X-Big", "x".repeat(64 * 1024)));

        assertThat(response.statusCode()).isEqualTo(431);
        assertError(response, "headers_too_large");
    }

    @Test
    void webSocketUpgradeToAnUnknownPathIsJson404() {
        HttpResponse<String> response = test.send(test.request("/nope", null)
                .header("Sec-WebSocket-Version", "13"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertError(response, "not_found");
    }

    @Test
    void aWebSocketUpgradeLeavesNoSessionCookie() throws Exception {
        String response = rawExchange("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("Set-Cookie");
    }

    @Test
    void garbageRequestLineIsJson400() throws Exception {
        String response = rawExchange("GET /he alth HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400").contains("application/json")
                .contains("\"code\":\"bad_request\"");
    }

    /** Sends raw bytes and returns what comes back first (the response head, and its body when small). */
    private String rawExchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", test.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buffer = new byte[8192];
            int n = socket.getInputStream().read(buffer);
            return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
        }
    }
}
