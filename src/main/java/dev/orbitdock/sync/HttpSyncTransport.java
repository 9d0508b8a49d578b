package dev.orbitdock.sync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/** {@link SyncTransport} over HTTP(S) with the workspace token as bearer. */
public final class HttpSyncTransport implements SyncTransport {
    private final HttpClient http;
    private final URI syncUrl;
    private final String token; // never logged, never in toString
    private final Duration timeout;

    /** @param timeout per request; a hung control plane counts as a network error */
    public HttpSyncTransport(HttpClient http, URI syncUrl, String token, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.syncUrl = Objects.requireNonNull(syncUrl, "syncUrl");
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Response post(byte[] body, boolean gzipped) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(syncUrl).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token);
        if (gzipped) {
            builder.header("Content-Encoding", "gzip");
        }
        HttpResponse<String> response = http.send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    @Override
    public String toString() {
        return "HttpSyncTransport[" + syncUrl + "]";
    }
}
