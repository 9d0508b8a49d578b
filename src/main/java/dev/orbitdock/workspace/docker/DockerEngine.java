package dev.orbitdock.workspace.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.workspace.WorkspaceException;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls OrbitDock makes of the Docker Engine API, pinned to {@link #VERSION} so that the shapes do not move
 * under it (engines answer older versions): images, containers, execs and archives. A non-2xx answer throws with
 * the engine's own {@code message}.
 */
public final class DockerEngine implements AutoCloseable {
    /** The API version in every path; 1.47 is Docker 27, and engines from 25 on accept it. */
    public static final String VERSION = "/v1.47";
    public static final String NOT_FOUND = "docker_not_found";
    private static final ObjectMapper JSON = Json.mapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration EXIT_RECORDED = Duration.ofSeconds(5);

    private final EngineTransport transport;

    /** @param dockerHost {@code unix:///var/run/docker.sock} or {@code tcp://host:port} */
    public DockerEngine(String dockerHost) {
        this.transport = new EngineTransport(dockerHost);
    }

    /** {@code GET /_ping}: whether an engine answers at all. */
    public boolean ping() {
        try {
            return transport.send("GET", "/_ping", null, null, Duration.ofSeconds(2), "ping").ok();
        } catch (WorkspaceException e) {
            return false;
        }
    }

    /**
     * The image is there, or is pulled ({@code POST /images/create}); an image that neither exists nor can be
     * pulled fails with the engine's words, whether it says so in the status or in the progress stream.
     */
    public void ensureImage(String image) {
        if (call("GET", "/images/" + image + "/json", null, "inspect image " + image, true).isPresent()) {
            return;
        }
        // Without a tag the engine would pull every tag of the repository.
        String last = image.substring(image.lastIndexOf('/') + 1);
        String query = "fromImage=" + encode(image) + (last.contains(":") || last.contains("@") ? "" : "&tag=latest");
        EngineTransport.Response pull = transport.send("POST", VERSION + "/images/create?" + query, null, null,
                PULL_TIMEOUT, "pull image " + image);
        String error = pull.ok() ? streamError(pull.text()) : message(pull) + " (HTTP " + pull.status() + ")";
        if (error != null) {
            throw new WorkspaceException("docker_image_unavailable", "Docker cannot pull image " + image + ": "
                    + error, "check docker_image (and the engine's registry login for a private image)", null);
        }
    }

    /** A pull answers 200 and then reports progress, one JSON object a line; a failure is a line with {@code error}. */
    private static String streamError(String progress) {
        for (String line : progress.split("\r?\n")) {
            JsonNode json = line.isBlank() ? null : parse(line, "pull an image");
            if (json != null && json.has("error")) {
                return json.path("errorDetail").path("message").asText(json.path("error").asText());
            }
        }
        return null;
    }

    /** {@code POST /containers/create?name=…}: the new container's id. */
    public String create(String name, ContainerSpec spec) {
        return call("POST", "/containers/create?name=" + encode(name), spec.json(), "create container " + name,
                false).orElseThrow().path("Id").asText();
    }

    /** {@code POST /containers/{id}/start}; an already running container is fine (304). */
    public void start(String id) {
        call("POST", "/containers/" + id + "/start", null, "start container " + id, false);
    }

    /** {@code POST /containers/{id}/stop?t=…}: SIGTERM, then SIGKILL after {@code grace}; gone or stopped is fine. */
    public void stop(String id, Duration grace) {
        call("POST", "/containers/" + id + "/stop?t=" + Math.max(1, grace.toSeconds()), null,
                grace.plus(REQUEST_TIMEOUT), "stop container " + id, true);
    }

    /** {@code DELETE /containers/{id}?force=true&v=true}: killed if running, with its anonymous volumes. */
    public void remove(String id) {
        call("DELETE", "/containers/" + id + "?force=true&v=true", null, "remove container " + id, true);
    }

    /** {@code GET /containers/{id}/json}; empty when there is no such container. */
    public Optional<Container> inspect(String id) {
        return call("GET", "/containers/" + id + "/json", null, "inspect container " + id, true).map(json ->
                new Container(json.path("Id").asText(), json.path("State").path("Status").asText(),
                        labels(json.path("Config").path("Labels"))));
    }

    /** {@code GET /containers/json?all=true&filters={"label":["k=v",…]}}: containers carrying every label. */
    public List<Container> list(Map<String, String> labels) {
        ObjectNode filters = JSON.createObjectNode();
        var wanted = filters.putArray("label");
        labels.forEach((k, v) -> wanted.add(k + "=" + v));
        List<Container> found = new ArrayList<>();
        for (JsonNode json : call("GET", "/containers/json?all=true&filters=" + encode(filters.toString()), null,
                "list containers", false).orElseThrow()) {
            found.add(new Container(json.path("Id").asText(), json.path("State").asText(),
                    labels(json.path("Labels"))));
        }
        return found;
    }

    /**
     * Runs {@code command} in the container and waits for it: exec create (output attached), exec start (the
     * multiplexed stream, read to its end), exec inspect (the exit code). {@code env} reaches only this process.
     */
    public ExecOutput exec(String id, List<String> command, Map<String, String> env, String workingDir,
                           Duration timeout) {
        ObjectNode create = JSON.createObjectNode().put("AttachStdin", false).put("AttachStdout", true)
                .put("AttachStderr", true).put("Tty", false);
        command.forEach(create.putArray("Cmd")::add);
        ContainerSpec.envList(env).forEach(create.putArray("Env")::add);
        if (workingDir != null) {
            create.put("WorkingDir", workingDir);
        }
        String exec = call("POST", "/containers/" + id + "/exec", create, "create an exec in " + id, false)
                .orElseThrow().path("Id").asText();
        EngineTransport.Response stream = transport.send("POST", VERSION + "/exec/" + exec + "/start",
                "application/json", bytes(JSON.createObjectNode().put("Detach", false).put("Tty", false)), timeout,
                "run " + command.getLast() + " in " + id);
        if (!stream.ok()) {
            throw failure("start an exec in " + id, stream);
        }
        String[] out = demultiplex(stream.body());
        return new ExecOutput(exitCode(exec), out[0], out[1]);
    }

    /**
     * {@code GET /exec/{id}/json}'s {@code ExitCode}. The engine records it when the process's exit event arrives,
     * which can come a moment after the output stream has closed: until then it says {@code Running}.
     */
    private int exitCode(String exec) {
        long deadline = System.nanoTime() + EXIT_RECORDED.toNanos();
        while (true) {
            JsonNode inspect = call("GET", "/exec/" + exec + "/json", null, "inspect exec " + exec, false)
                    .orElseThrow();
            if (!inspect.path("Running").asBoolean() || System.nanoTime() > deadline) {
                return inspect.path("ExitCode").asInt(-1);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** {@code PUT /containers/{id}/archive?path=…}: a tar extracted into an existing directory of the container. */
    public void upload(String id, String directory, byte[] tar) {
        EngineTransport.Response response = transport.send("PUT", VERSION + "/containers/" + id + "/archive?path="
                + encode(directory) + "&copyUIDGID=true", "application/x-tar", tar, REQUEST_TIMEOUT,
                "upload files to " + id);
        if (!response.ok()) {
            throw failure("upload files to " + id, response);
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    private Optional<JsonNode> call(String method, String path, JsonNode body, String what, boolean absentOk) {
        return call(method, path, body, REQUEST_TIMEOUT, what, absentOk);
    }

    /** A JSON call; a 404 is empty when {@code absentOk}; a 304 (nothing to do) is an empty object. */
    private Optional<JsonNode> call(String method, String path, JsonNode body, Duration timeout, String what,
                                    boolean absentOk) {
        EngineTransport.Response response = transport.send(method, VERSION + path, "application/json",
                body == null ? null : bytes(body), timeout, what);
        if (response.status() == 404 && absentOk) {
            return Optional.empty();
        }
        if (response.status() == 304) {
            return Optional.of(JSON.createObjectNode());
        }
        if (!response.ok()) {
            throw failure(what, response);
        }
        return Optional.of(parse(response.text(), what));
    }

    private static JsonNode parse(String text, String what) {
        try {
            return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new WorkspaceException("docker_bad_response", "The Docker Engine answered " + what
                    + " with something that is not JSON", null, e);
        }
    }

    private static WorkspaceException failure(String what, EngineTransport.Response response) {
        String code = switch (response.status()) {
            case 404 -> NOT_FOUND;
            case 409 -> "docker_conflict";
            default -> "docker_api_error";
        };
        return new WorkspaceException(code, "Docker refused to " + what + " (HTTP " + response.status() + "): "
                + message(response), null, null);
    }

    /** The engine's error body is {@code {"message": "…"}}. */
    private static String message(EngineTransport.Response response) {
        String text = response.text().strip();
        try {
            text = JSON.readTree(text).path("message").asText(text);
        } catch (JsonProcessingException e) {
            // not JSON: the body itself is the best words there are
        }
        return text.isEmpty() ? "no details" : text;
    }

    /**
     * Splits the exec stream into stdout and stderr: frames of an 8-byte header ({@code [stream, 0, 0, 0,
     * size as big-endian uint32]}) and their payload.
     */
    static String[] demultiplex(byte[] stream) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.wrap(stream);
        while (buffer.remaining() >= 8) {
            byte kind = buffer.get();
            buffer.position(buffer.position() + 3);
            int size = Math.min(buffer.getInt(), buffer.remaining());
            (kind == 2 ? stderr : stdout).write(stream, buffer.position(), size);
            buffer.position(buffer.position() + size);
        }
        return new String[] {stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8)};
    }

    private static Map<String, String> labels(JsonNode json) {
        Map<String, String> labels = new LinkedHashMap<>();
        json.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
