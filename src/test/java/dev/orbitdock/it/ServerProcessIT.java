package dev.orbitdock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a user runs it: a real process, real port, real signals. */
class ServerProcessIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private OrbitDockProcess orbitdock() {
        return new OrbitDockProcess(dataDir);
    }

    private Process launch(Path log, String... args) throws IOException {
        return orbitdock().launch(log, args);
    }

    private String runToEnd(String... args) throws Exception {
        return orbitdock().runToEnd(args);
    }

    private static int freePort() throws IOException {
        return OrbitDockProcess.freePort();
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthAndAuthenticatedApiThenStopsCleanlyOnSigterm() throws Exception {
        String token = orbitdock().createToken("it");
        int port = freePort();
        Path log = dataDir.resolve("server.log");

        Process server = launch(log, "start", "--bind", "127.0.0.1:" + port);
        try {
            // The line a person waits for; it follows the port answering, so wait for it rather than /health.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.readString(log).contains("listening on http://127.0.0.1:" + port));

            assertThat(get(port, "/health", null).body()).contains("\"status\":\"ok\"");
            assertThat(runToEnd("start", "--bind", "127.0.0.1:" + freePort()))
                    .startsWith("1\nerror: Another OrbitDock server is running with data dir");
            assertThat(get(port, "/api/server", null).statusCode()).isEqualTo(401);
            assertThat(get(port, "/api/server", token).statusCode()).isEqualTo(200);
        } finally {
            server.destroy(); // SIGTERM
        }
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(server.exitValue()).as(output).isIn(0, 143);
        assertThat(output).contains("listening on http://127.0.0.1:" + port).doesNotContain("Exception");
        assertThat(runToEnd("config", "get", "bind")).startsWith("0\n127.0.0.1:4000");
    }

    @Test
    void refusesAPublicAddressWithoutATokenAndAPortInUse() throws Exception {
        assertThat(runToEnd("start", "--bind", "0.0.0.0:" + freePort()))
                .startsWith("1\nerror: Refusing to listen on 0.0.0.0:")
                .contains("hint: create one first");

        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String result = runToEnd("start", "--bind", "127.0.0.1:" + taken.getLocalPort());
            assertThat(result).startsWith("1\n").contains("already in use").contains("hint: ")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void theDemoRunsAWholeMissionAndCommitsOnMissionBranches() throws Exception {
        String result = runToEnd("demo", "--dir", dataDir.resolve("demo").toString());

        assertThat(result).startsWith("0\n")
                .contains("DEMO-2  completed  2")
                .contains("DEMO-1: Write the welcome note")
                .contains("DEMO-3: List the next steps")
                .doesNotContain("Exception");
    }
}
