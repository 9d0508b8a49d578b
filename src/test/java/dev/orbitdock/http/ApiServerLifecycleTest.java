package dev.orbitdock.http;

import dev.orbitdock.testing.WsRecorder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.common.OrbitDockException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApiServerLifecycleTest extends RunningServerTest {

    @Test
    void aTakenPortIsReportedAsSuch() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            ApiServer second = new ApiServer(new ApiServer.Deps(test.database, test.tokens, test.config, test.missions,
                    test.missionTools, test.events, test.sync, test.workspaces, TestServer.VERSION, Clock.systemUTC()));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> second.start("127.0.0.1", port))
                    .isInstanceOfSatisfying(OrbitDockException.class, e -> {
                        assertThat(e.code()).isEqualTo("port_in_use");
                        assertThat(e.getMessage()).isEqualTo("Port " + port + " on 127.0.0.1 is already in use");
                        assertThat(e.hint()).isEqualTo("stop the other process or pass --bind 127.0.0.1:<other port>");
                    });
            second.stop(); // harmless on a server that never started
        }
    }

    @Test
    void stopLetsAnInFlightRequestFinishAndRefusesNewOnes() throws Exception {
        String token = test.apiToken();
        int port = test.server.port();
        // Whitespace padding lets the client keep trickling bytes: while draining, Jetty cuts a connection that
        // stays silent for a second, and on a loaded machine observing the refusal can take longer than that.
        String body = "{\"value\":\"debug\"" + " ".repeat(4000) + "}"; // 40 s of trickling, a byte every 10 ms
        int head = 9;
        // A raw socket, so the request is provably in the handler (headers and part of a body sent) before stop().
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/config/log_level HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body.substring(0, head)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> test.server.inFlightRequests() == 1);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(test.server::stop);

            // The client keeps trickling on its own thread, so a slow refusal check never leaves it silent.
            AtomicInteger sent = new AtomicInteger(head);
            AtomicBoolean trickling = new AtomicBoolean(true);
            Thread trickler = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (trickling.get() && sent.get() < body.length() - 1) { // never complete while trickling
                        out.write(body.charAt(sent.getAndIncrement()));
                        out.flush();
                        Thread.sleep(10);
                    }
                } catch (IOException | InterruptedException e) {
                    trickling.set(false);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> refused(port));
            trickling.set(false);
            trickler.join();
            assertThat(stopped).isNotDone();
            out.write(body.substring(sent.get()).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200").contains("\"value\":\"debug\"");
            stopped.get(10, TimeUnit.SECONDS);
        }
        assertThatThrownBy(test.server::port).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopClosesWebSocketsAsGoingAway() throws Exception {
        WsRecorder recorder = new WsRecorder();
        test.webSocket("/ws", test.apiToken(), recorder).get(10, TimeUnit.SECONDS);
        recorder.next();

        test.server.stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.closeCode == 1001);
        assertThat(test.events.subscriberCount()).isZero();
    }

    @Test
    void stopIsIdempotentAndTheServerCannotBeQueriedAfterwards() {
        int port = test.server.port();

        test.server.stop();
        test.server.stop();

        assertThat(refused(port)).isTrue();
    }

    private static boolean refused(int port) {
        try (HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            fresh.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
