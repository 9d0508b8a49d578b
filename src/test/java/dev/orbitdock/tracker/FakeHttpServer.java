package dev.orbitdock.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orbitdock.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted HTTP server on 127.0.0.1 for tracker client tests: responses are served in the order they were
 * enqueued, and every request is recorded so a test can assert exactly what the client sent.
 */
public final class FakeHttpServer implements AutoCloseable {
    /** A request as received. {@code query} is the raw (still encoded) query string, or null. */
    public record Request(String method, String path, String query, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        /** Decoded query parameters in order (the last value wins for repeated names). */
        public Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            if (query != null) {
                for (String pair : query.split("&")) {
                    int eq = pair.indexOf('=');
                    params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
            return params;
        }

        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + body, e);
            }
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }

    public record Response(int status, Map<String, String> headers, String body, Duration delay) {
        public static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json; charset=utf-8"), body, Duration.ZERO);
        }

        public Response header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, more, body, delay);
        }

        /** Waits this long before sending anything, to make the client time out. */
        public Response delayed(Duration by) {
            return new Response(status, headers, body, by);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fake-http");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    private FakeHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static FakeHttpServer start() {
        try {
            return new FakeHttpServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public FakeHttpServer enqueue(Response response) {
        responses.add(response);
        return this;
    }

    public FakeHttpServer enqueue(int status, String jsonBody) {
        return enqueue(Response.json(status, jsonBody));
    }

    /** The next request the client sent; fails if none arrives within five seconds. */
    public Request takeRequest() {
        try {
            Request request = requests.poll(5, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("the client sent no (further) request");
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Requests received but not yet taken. */
    public int pendingRequests() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers headers = new Headers();
            headers.putAll(exchange.getRequestHeaders());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, body));
            Response response = responses.poll();
            if (response == null) {
                response = Response.json(599, "{\"message\":\"the test scripted no response for this request\"}");
            }
            if (!response.delay().isZero()) {
                try {
                    Thread.sleep(response.delay());
                } catch (InterruptedException e) {
                    return;
                }
            }
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
