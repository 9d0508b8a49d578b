package dev.orbitdock.workspace.daytona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orbitdock.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Daytona that follows the request and response shapes of {@code @daytonaio/api-client} (under {@code /api}) and
 * {@code @daytonaio/toolbox-api-client} (under {@code /toolbox/<sandbox id>}), and really runs what the toolbox is
 * asked to: each sandbox is a temporary directory, commands are {@code sh -c} there, clones are {@code git clone}.
 * Every request is recorded for contract tests; failures are switched on per test.
 */
final class FakeDaytona implements AutoCloseable {
    static final String API_KEY = "dtn_test_key";
    private static final ObjectMapper JSON = Json.mapper();
    private static final Pattern SANDBOX = Pattern.compile("/api/sandbox/([^/]+)(/last-activity)?");
    private static final Pattern TOOLBOX = Pattern.compile("/toolbox/([^/]+)(/.*)");
    private static final Pattern SESSION_EXEC = Pattern.compile("/process/session/([^/]+)/exec");
    private static final Pattern SESSION_COMMAND = Pattern.compile("/process/session/([^/]+)/command/([^/]+)");

    /** One request as the fake received it. */
    record Request(String method, String path, String query, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class FakeSandbox {
        final String id;
        final JsonNode spec;
        final Path dir;
        volatile String state;
        volatile String errorReason;
        volatile int reads;
        final List<Process> processes = new CopyOnWriteArrayList<>();
        final Map<String, Process> commands = new ConcurrentHashMap<>();

        FakeSandbox(String id, JsonNode spec, Path dir, String state) {
            this.id = id;
            this.spec = spec;
            this.dir = dir;
            this.state = state;
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, FakeSandbox> sandboxes = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final Path root;
    private final AtomicLong workNanos = new AtomicLong();
    /** GETs a new sandbox answers {@code creating} before it is {@code started}; negative: never starts. */
    volatile int creatingReads = 1;
    /** When set, {@code POST /api/sandbox} answers this status and message instead of creating. */
    volatile int createFailureStatus;
    volatile String createFailureMessage;
    /** When set, new sandboxes end in {@code build_failed} with this {@code errorReason} (an image that is not there). */
    volatile String buildFailure;

    FakeDaytona(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI apiUrl() {
        return URI.create(base() + "/api");
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int liveSandboxes() {
        return sandboxes.size();
    }

    /** Time spent doing the work itself (handling requests, running commands), for overhead measurements. */
    long workNanos() {
        return workNanos.get();
    }

    List<Request> requests(String method, String pathPattern) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().matches(pathPattern)).toList();
    }

    @Override
    public void close() {
        sandboxes.values().forEach(this::kill);
        sandboxes.clear();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, String> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            requests.add(new Request(exchange.getRequestMethod(), path, query, headers, body));
            if (!("Bearer " + API_KEY).equals(headers.get("authorization"))) {
                error(exchange, 401, "Unauthorized", "Invalid API key");
                return;
            }
            Matcher toolbox = TOOLBOX.matcher(path);
            if (toolbox.matches()) {
                FakeSandbox sandbox = sandboxes.get(toolbox.group(1));
                if (sandbox == null) {
                    error(exchange, 404, "Not Found", "Sandbox not found");
                } else {
                    toolbox(exchange, sandbox, toolbox.group(2), query, body);
                }
            } else {
                api(exchange, path, query, body);
            }
        } finally {
            workNanos.addAndGet(System.nanoTime() - start);
        }
    }

    private void api(HttpExchange exchange, String path, String query, String body) throws IOException {
        String method = exchange.getRequestMethod();
        if (path.equals("/api/sandbox") && method.equals("POST")) {
            if (createFailureStatus != 0) {
                error(exchange, createFailureStatus, createFailureStatus == 403 ? "Forbidden" : "Bad Request",
                        createFailureMessage);
                return;
            }
            String id = UUID.randomUUID().toString();
            Path dir = Files.createDirectories(root.resolve(id));
            FakeSandbox sandbox = new FakeSandbox(id, JSON.readTree(body), dir,
                    creatingReads == 0 ? "started" : "creating");
            sandboxes.put(id, sandbox);
            send(exchange, 200, sandboxJson(sandbox));
            return;
        }
        if (path.equals("/api/sandbox") && method.equals("GET")) {
            JsonNode wanted = JSON.readTree(param(query, "labels"));
            ObjectNode page = JSON.createObjectNode();
            var items = page.putArray("items");
            sandboxes.values().stream().filter(s -> matches(s, wanted)).forEach(s -> items.add(sandboxJson(s)));
            page.putNull("nextCursor");
            send(exchange, 200, page);
            return;
        }
        Matcher matcher = SANDBOX.matcher(path);
        FakeSandbox sandbox = matcher.matches() ? sandboxes.get(matcher.group(1)) : null;
        if (sandbox == null) {
            error(exchange, 404, "Not Found", "Sandbox with ID or name " + (matcher.matches() ? matcher.group(1)
                    : path) + " not found");
            return;
        }
        if (matcher.group(2) != null && method.equals("POST")) {
            exchange.sendResponseHeaders(201, -1);
        } else if (method.equals("GET")) {
            sandbox.reads++;
            if (buildFailure != null && !sandbox.state.equals("build_failed")) {
                sandbox.state = "build_failed";
                sandbox.errorReason = buildFailure;
            } else if (sandbox.state.equals("creating") && creatingReads >= 0 && sandbox.reads >= creatingReads) {
                sandbox.state = "started";
            }
            send(exchange, 200, sandboxJson(sandbox));
        } else if (method.equals("DELETE")) {
            sandboxes.remove(sandbox.id);
            kill(sandbox);
            sandbox.state = "destroying";
            send(exchange, 200, sandboxJson(sandbox));
        } else {
            error(exchange, 405, "Method Not Allowed", method + " " + path);
        }
    }

    private void toolbox(HttpExchange exchange, FakeSandbox sandbox, String path, String query, String body)
            throws IOException {
        switch (path) {
            case "/user-home-dir" -> send(exchange, 200, JSON.createObjectNode().put("dir", sandbox.dir.toString()));
            case "/process/execute" -> {
                JsonNode request = JSON.readTree(body);
                String cwd = request.path("cwd").asText(sandbox.dir.toString());
                Run run = run(sandbox, request.path("command").asText(), Path.of(cwd),
                        request.path("timeout").asLong(10));
                send(exchange, 200, JSON.createObjectNode().put("exitCode", run.exitCode).put("result", run.output));
            }
            case "/git/clone" -> {
                JsonNode request = JSON.readTree(body);
                // Daytona's toolbox clones without a terminal: git must fail rather than prompt for credentials.
                Run run = run(sandbox, "GIT_TERMINAL_PROMPT=0 git clone --quiet --branch '" + request.path("branch").asText() + "' '"
                        + request.path("url").asText() + "' '" + request.path("path").asText() + "'", sandbox.dir, 600);
                if (run.exitCode != 0) {
                    error(exchange, 400, "Bad Request", run.output.strip());
                } else {
                    exchange.sendResponseHeaders(200, -1);
                }
            }
            case "/files/upload" -> {
                Path target = Path.of(param(query, "path"));
                Files.createDirectories(target.getParent());
                Files.write(target, filePart(exchange.getRequestHeaders().getFirst("Content-Type"), body));
                exchange.sendResponseHeaders(200, -1);
            }
            case "/process/session" -> exchange.sendResponseHeaders(201, -1);
            default -> session(exchange, sandbox, path, body);
        }
    }

    private void session(HttpExchange exchange, FakeSandbox sandbox, String path, String body) throws IOException {
        Matcher exec = SESSION_EXEC.matcher(path);
        Matcher command = SESSION_COMMAND.matcher(path);
        if (exec.matches()) {
            Process process = new ProcessBuilder("sh", "-c", JSON.readTree(body).path("command").asText())
                    .directory(sandbox.dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            sandbox.processes.add(process);
            String id = UUID.randomUUID().toString();
            sandbox.commands.put(id, process);
            send(exchange, 202, JSON.createObjectNode().put("cmdId", id));
        } else if (command.matches() && sandbox.commands.containsKey(command.group(2))) {
            Process process = sandbox.commands.get(command.group(2));
            ObjectNode json = JSON.createObjectNode().put("id", command.group(2)).put("command", "");
            if (!process.isAlive()) {
                json.put("exitCode", process.exitValue());
            }
            send(exchange, 200, json);
        } else {
            error(exchange, 404, "Not Found", "no toolbox route " + path);
        }
    }

    private record Run(int exitCode, String output) {}

    private Run run(FakeSandbox sandbox, String command, Path cwd, long timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder("sh", "-c", command).directory(cwd.toFile()).redirectErrorStream(true)
                .start();
        sandbox.processes.add(process);
        try {
            byte[][] out = new byte[1][];
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    out[0] = process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Run(-1, "command timed out");
            }
            reader.join(Duration.ofSeconds(5));
            return new Run(process.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            sandbox.processes.remove(process);
        }
    }

    private void kill(FakeSandbox sandbox) {
        for (Process process : sandbox.processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try (var walk = Files.walk(sandbox.dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean matches(FakeSandbox sandbox, JsonNode wanted) {
        JsonNode labels = sandbox.spec.path("labels");
        var fields = wanted.properties().iterator();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!labels.path(field.getKey()).asText().equals(field.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode sandboxJson(FakeSandbox sandbox) {
        ObjectNode json = JSON.createObjectNode().put("id", sandbox.id).put("organizationId", "org-test")
                .put("name", sandbox.id).put("user", "daytona").put("target", sandbox.spec.path("target").asText("us"))
                .put("cpu", sandbox.spec.path("cpu").asInt(1)).put("gpu", 0)
                .put("memory", sandbox.spec.path("memory").asInt(1)).put("disk", sandbox.spec.path("disk").asInt(3))
                .put("public", false).put("networkBlockAll", false).put("state", sandbox.state)
                .put("autoStopInterval", sandbox.spec.path("autoStopInterval").asInt(15))
                .put("toolboxProxyUrl", base() + "/toolbox");
        if (sandbox.errorReason != null) {
            json.put("errorReason", sandbox.errorReason);
        }
        json.set("labels", sandbox.spec.path("labels").deepCopy());
        json.set("env", sandbox.spec.path("env").isObject() ? sandbox.spec.path("env").deepCopy()
                : JSON.createObjectNode());
        return json;
    }

    /** Daytona's error body ({@code AllExceptionsFilter}): statusCode, timestamp, path, error, message. */
    private static void error(HttpExchange exchange, int status, String error, String message) throws IOException {
        send(exchange, status, JSON.createObjectNode().put("statusCode", status)
                .put("timestamp", Instant.now().toString()).put("path", exchange.getRequestURI().getPath())
                .put("error", error).put("message", message));
    }

    private static void send(HttpExchange exchange, int status, JsonNode json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String param(String query, String name) {
        return Arrays.stream(query == null ? new String[0] : query.split("&")).map(p -> p.split("=", 2))
                .filter(p -> p[0].equals(name)).map(p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("missing query parameter " + name));
    }

    /** The bytes of the one part of a multipart body (read as ISO-8859-1, so bytes map one to one). */
    private static byte[] filePart(String contentType, String body) {
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9);
        int start = body.indexOf("\r\n\r\n", body.indexOf(boundary)) + 4;
        int end = body.indexOf("\r\n" + boundary, start);
        return body.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
    }
}
