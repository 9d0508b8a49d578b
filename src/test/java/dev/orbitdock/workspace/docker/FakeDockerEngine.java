package dev.orbitdock.workspace.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker Engine on a real Unix domain socket that answers the Engine API's documented shapes (under
 * {@code /v1.47}) and really runs what it is asked to: each container is a temporary directory (its {@code HOME}),
 * an exec is its {@code Cmd} run there with the container's and the exec's environment, and its output comes back
 * as the multiplexed stream. Every process a container runs carries a marker in its environment, so removing the
 * container kills them all, as removing a real one does. Every request is recorded; failures are switched on per
 * test.
 */
final class FakeDockerEngine implements AutoCloseable {
    static final String VERSION = "/v1.47";
    private static final ObjectMapper JSON = Json.mapper();
    private static final String MARKER = "FAKE_DOCKER_CONTAINER";
    private static final Pattern CONTAINER = Pattern.compile("/containers/([^/]+)(/[a-z]+)?");
    private static final Pattern EXEC = Pattern.compile("/exec/([^/]+)/(start|json)");
    private static final Pattern IMAGE = Pattern.compile("/images/(.+)/json");

    /** One request as the fake received it; {@code path} without the version prefix. */
    record Request(String method, String version, String path, String query, Map<String, String> headers,
                   byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String param(String name) {
            return Arrays.stream(query == null ? new String[0] : query.split("&")).map(p -> p.split("=", 2))
                    .filter(p -> p[0].equals(name)).map(p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8))
                    .findFirst().orElse(null);
        }
    }

    private static final class FakeContainer {
        final String id;
        final String name;
        final JsonNode config;
        final Path dir;
        volatile String state = "created";

        FakeContainer(String id, String name, JsonNode config, Path dir) {
            this.id = id;
            this.name = name;
            this.config = config;
            this.dir = dir;
        }
    }

    private record FakeExec(String id, FakeContainer container, JsonNode config, Integer[] exitCode,
                            AtomicInteger reads) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Images present; {@link #pullable} ones appear when pulled. */
    final Set<String> images = ConcurrentHashMap.newKeySet();
    final Set<String> pullable = ConcurrentHashMap.newKeySet();
    /** When set, a pull answers 200 and then reports this error in its progress stream. */
    volatile String pullStreamError;
    /** How many exec inspections after its stream has ended still say {@code Running}, as the engine may. */
    volatile int execRunningReads;
    /** When set, container create answers HTTP 500 with this message. */
    volatile String createFailure;
    private final Map<String, FakeContainer> containers = new ConcurrentHashMap<>();
    private final Map<String, FakeExec> execs = new ConcurrentHashMap<>();
    private final Path root;
    private final String host;
    private final ServerSocketChannel server;

    /** An engine on {@code <root>/docker.sock}. */
    FakeDockerEngine(Path root) throws IOException {
        this(root, false);
    }

    /** @param tcp listen on 127.0.0.1 (an engine's {@code tcp://} address) instead of a Unix socket */
    FakeDockerEngine(Path root, boolean tcp) throws IOException {
        this.root = root;
        if (tcp) {
            server = ServerSocketChannel.open(StandardProtocolFamily.INET);
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            host = "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
        } else {
            Path socket = root.resolve("docker.sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            host = "unix://" + socket;
        }
        Thread.ofVirtual().name("fake-docker").start(this::accept);
    }

    /** The address to give as {@code docker_host}. */
    String host() {
        return host;
    }

    int liveContainers() {
        return containers.size();
    }

    List<Request> requests(String method, String pathPattern) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().matches(pathPattern)).toList();
    }

    @Override
    public void close() throws IOException {
        containers.values().forEach(this::kill);
        containers.clear();
        server.close();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread.ofVirtual().start(() -> serve(channel));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel; InputStream in = Channels.newInputStream(channel);
             OutputStream out = Channels.newOutputStream(channel)) {
            Request request = read(in);
            requests.add(request);
            route(request, out);
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the head ended");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] line = lines[0].split(" ");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        String target = line[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String version = path.startsWith("/v1.") ? path.substring(0, path.indexOf('/', 1)) : "";
        return new Request(line[0], version, path.substring(version.length()), q < 0 ? null
                : target.substring(q + 1), headers, body);
    }

    private void route(Request r, OutputStream out) throws IOException {
        if (r.path().equals("/_ping")) {
            send(out, 200, "text/plain", "OK".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!r.version().equals(VERSION)) {
            error(out, 400, "client version " + r.version() + " is not the one this fake speaks");
            return;
        }
        Matcher image = IMAGE.matcher(r.path());
        Matcher container = CONTAINER.matcher(r.path());
        Matcher exec = EXEC.matcher(r.path());
        if (image.matches() && r.method().equals("GET")) {
            if (images.contains(image.group(1))) {
                json(out, 200, JSON.createObjectNode().put("Id", "sha256:" + hex()).set("RepoTags",
                        JSON.createArrayNode().add(image.group(1))));
            } else {
                error(out, 404, "No such image: " + image.group(1));
            }
        } else if (r.path().equals("/images/create") && r.method().equals("POST")) {
            pull(r, out);
        } else if (r.path().equals("/containers/create") && r.method().equals("POST")) {
            create(r, out);
        } else if (r.path().equals("/containers/json") && r.method().equals("GET")) {
            list(r, out);
        } else if (exec.matches()) {
            FakeExec found = execs.get(exec.group(1));
            if (found == null) {
                error(out, 404, "No such exec instance: " + exec.group(1));
            } else if (exec.group(2).equals("start")) {
                runExec(found, out);
            } else {
                Integer code = found.reads().getAndIncrement() < execRunningReads ? null : found.exitCode()[0];
                ObjectNode json = JSON.createObjectNode().put("ID", found.id()).put("Running", code == null)
                        .put("ContainerID", found.container().id);
                if (code == null) {
                    json.putNull("ExitCode");
                } else {
                    json.put("ExitCode", code);
                }
                json(out, 200, json);
            }
        } else if (container.matches()) {
            FakeContainer found = containers.values().stream().filter(c -> c.id.equals(container.group(1))
                    || c.name.equals(container.group(1))).findFirst().orElse(null);
            if (found == null) {
                error(out, 404, "No such container: " + container.group(1));
            } else {
                container(r, found, container.group(2) == null ? "" : container.group(2), out);
            }
        } else {
            error(out, 404, "page not found");
        }
    }

    private void pull(Request r, OutputStream out) throws IOException {
        String image = r.param("fromImage") + (r.param("tag") == null ? "" : ":" + r.param("tag"));
        if (!pullable.contains(image)) {
            error(out, 404, "pull access denied for " + r.param("fromImage") + ", repository does not exist or may"
                    + " require 'docker login': denied: requested access to the resource is denied");
            return;
        }
        StringBuilder progress = new StringBuilder("{\"status\":\"Pulling from " + r.param("fromImage")
                + "\",\"id\":\"" + image + "\"}\r\n");
        if (pullStreamError != null) {
            ObjectNode error = JSON.createObjectNode().put("error", pullStreamError);
            error.putObject("errorDetail").put("message", pullStreamError);
            progress.append(error).append("\r\n");
        } else {
            images.add(image);
            progress.append("{\"status\":\"Status: Downloaded newer image for " + image + "\"}\r\n");
        }
        chunked(out, 200, "application/json", progress.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void create(Request r, OutputStream out) throws IOException {
        JsonNode config = r.json();
        String name = r.param("name");
        if (createFailure != null) {
            error(out, 500, createFailure);
        } else if (!images.contains(config.path("Image").asText())) {
            error(out, 404, "No such image: " + config.path("Image").asText());
        } else if (containers.values().stream().anyMatch(c -> c.name.equals(name))) {
            error(out, 409, "Conflict. The container name \"/" + name + "\" is already in use");
        } else {
            String id = hex();
            FakeContainer container = new FakeContainer(id, name, config,
                    Files.createDirectories(root.resolve(id.substring(0, 12))));
            containers.put(id, container);
            json(out, 201, JSON.createObjectNode().put("Id", id).set("Warnings", JSON.createArrayNode()));
        }
    }

    private void list(Request r, OutputStream out) throws IOException {
        JsonNode filters = JSON.readTree(r.param("filters"));
        ArrayNode list = JSON.createArrayNode();
        containers.values().stream().filter(c -> r.param("all") != null || c.state.equals("running"))
                .filter(c -> labelled(c, filters.path("label"))).forEach(c -> {
                    ObjectNode json = list.addObject().put("Id", c.id).put("Image", c.config.path("Image").asText())
                            .put("State", c.state).put("Status", c.state.equals("running") ? "Up 1 second" : "");
                    json.putArray("Names").add("/" + c.name);
                    json.set("Labels", c.config.path("Labels").deepCopy());
                });
        chunked(out, 200, "application/json", JSON.writeValueAsBytes(list));
    }

    private void container(Request r, FakeContainer c, String action, OutputStream out) throws IOException {
        switch (r.method() + " " + action) {
            case "GET /json" -> {
                ObjectNode json = JSON.createObjectNode().put("Id", c.id).put("Name", "/" + c.name);
                json.putObject("State").put("Status", c.state).put("Running", c.state.equals("running"))
                        .put("Pid", 0).put("ExitCode", 0);
                json.set("Config", c.config.deepCopy());
                json.set("HostConfig", c.config.path("HostConfig").deepCopy());
                json(out, 200, json);
            }
            case "POST /start" -> {
                if (c.state.equals("running")) {
                    send(out, 304, null, new byte[0]);
                } else {
                    c.state = "running";
                    send(out, 204, null, new byte[0]);
                }
            }
            case "POST /stop" -> {
                if (!c.state.equals("running")) {
                    send(out, 304, null, new byte[0]);
                } else {
                    kill(c);
                    c.state = "exited";
                    send(out, 204, null, new byte[0]);
                }
            }
            case "DELETE " -> {
                if (c.state.equals("running") && !"true".equals(r.param("force"))) {
                    error(out, 409, "cannot remove container \"/" + c.name + "\": container is running: stop the"
                            + " container before removing or force remove");
                } else {
                    containers.remove(c.id);
                    kill(c);
                    delete(c.dir);
                    send(out, 204, null, new byte[0]);
                }
            }
            case "POST /exec" -> {
                if (!c.state.equals("running")) {
                    error(out, 409, "container " + c.id + " is not running");
                } else {
                    String id = hex();
                    execs.put(id, new FakeExec(id, c, r.json(), new Integer[1],
                            new AtomicInteger()));
                    json(out, 201, JSON.createObjectNode().put("Id", id));
                }
            }
            case "PUT /archive" -> {
                Path dir = Path.of(r.param("path"));
                if (!Files.isDirectory(dir)) {
                    error(out, 404, "Could not find the file " + dir + " in container " + c.name);
                } else {
                    untar(r.body(), dir);
                    send(out, 200, null, new byte[0]);
                }
            }
            default -> error(out, 404, "page not found");
        }
    }

    /** Runs the exec's {@code Cmd} and streams its output as frames while it runs; the answer ends with it. */
    private void runExec(FakeExec exec, OutputStream out) throws IOException {
        JsonNode config = exec.config();
        List<String> command = JSON.convertValue(config.path("Cmd"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        ProcessBuilder builder = new ProcessBuilder(command).directory(config.hasNonNull("WorkingDir")
                ? Path.of(config.path("WorkingDir").asText()).toFile() : exec.container().dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", exec.container().dir.toString());
        env.put(MARKER, exec.container().id);
        exec.container().config.path("Env").forEach(e -> put(env, e.asText()));
        config.path("Env").forEach(e -> put(env, e.asText()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            error(out, 500, "OCI runtime exec failed: " + e.getMessage());
            return;
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        Thread stderr = Thread.ofVirtual().start(() -> frames(process.getErrorStream(), 2, out));
        frames(process.getInputStream(), 1, out);
        try {
            stderr.join();
            exec.exitCode()[0] = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void frames(InputStream in, int stream, OutputStream out) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                byte[] header = {(byte) stream, 0, 0, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8),
                        (byte) n};
                synchronized (out) {
                    out.write(header);
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the client stopped listening; the process still runs to its end
        }
    }

    /** Kills every process whose environment carries this container's marker, as removing a container does. */
    private void kill(FakeContainer c) {
        byte[] marker = (MARKER + "=" + c.id + "\0").getBytes(StandardCharsets.ISO_8859_1);
        ProcessHandle.allProcesses().filter(p -> {
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
                return indexOf(environ, marker) >= 0;
            } catch (IOException | SecurityException e) {
                return false;
            }
        }).forEach(ProcessHandle::destroyForcibly);
    }

    private static void untar(byte[] tar, Path dir) throws IOException {
        for (int at = 0; at + 512 <= tar.length && tar[at] != 0; ) {
            String name = field(tar, at, 100);
            int mode = Integer.parseInt(field(tar, at + 100, 8).strip(), 8);
            int size = Integer.parseInt(field(tar, at + 124, 12).strip(), 8);
            Path file = dir.resolve(name);
            Files.deleteIfExists(file);
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(permissions(mode)));
            Files.write(file, Arrays.copyOfRange(tar, at + 512, at + 512 + size));
            Files.setPosixFilePermissions(file, permissions(mode));
            at += 512 + (size + 511) / 512 * 512;
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(all[i]);
            }
        }
        return set;
    }

    private static String field(byte[] tar, int offset, int length) {
        int end = offset;
        while (end < offset + length && tar[end] != 0) {
            end++;
        }
        return new String(tar, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean labelled(FakeContainer c, JsonNode wanted) {
        for (JsonNode label : wanted) {
            String[] kv = label.asText().split("=", 2);
            if (!c.config.path("Labels").path(kv[0]).asText().equals(kv[1])) {
                return false;
            }
        }
        return true;
    }

    private static void put(Map<String, String> env, String assignment) {
        String[] kv = assignment.split("=", 2);
        env.put(kv[0], kv.length > 1 ? kv[1] : "");
    }

    private static void error(OutputStream out, int status, String message) throws IOException {
        json(out, status, JSON.createObjectNode().put("message", message));
    }

    private static void json(OutputStream out, int status, JsonNode json) throws IOException {
        send(out, status, "application/json", JSON.writeValueAsBytes(json));
    }

    private static void send(OutputStream out, int status, String contentType, byte[] body) throws IOException {
        out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\n" + (contentType == null ? ""
                : "Content-Type: " + contentType + "\r\n") + "Content-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
    }

    /** As the engine streams lists and pull progress: Transfer-Encoding chunked, here in two chunks. */
    private static void chunked(OutputStream out, int status, String contentType, byte[] body) throws IOException {
        out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        int half = body.length / 2;
        for (byte[] chunk : List.of(Arrays.copyOfRange(body, 0, half), Arrays.copyOfRange(body, half, body.length))) {
            if (chunk.length > 0) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Error";
        };
    }

    private static String hex() {
        return HexFormat.of().formatHex((UUID.randomUUID().toString() + UUID.randomUUID())
                .replace("-", "").substring(0, 32).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void delete(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
