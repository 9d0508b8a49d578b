package dev.orbitdock.workspace.daytona;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.workspace.WorkspaceException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One sandbox's toolbox API ({@code @daytonaio/toolbox-api-client}): process execute, git clone, file upload and
 * sessions, whose asynchronous commands are how a process outlives the request that started it.
 */
public final class DaytonaToolbox {
    private final DaytonaClient client;
    private final String base;

    DaytonaToolbox(DaytonaClient client, String base) {
        this.client = client;
        this.base = base;
    }

    /** {@code GET /user-home-dir}: where the sandbox's user may write. */
    public String userHomeDir() {
        return client.send(get("/user-home-dir"), "find the sandbox's home directory").path("dir").asText();
    }

    /**
     * {@code POST /process/execute}: runs {@code command} in {@code cwd} (null: the sandbox's default) and waits up to
     * {@code timeout} (whole seconds, as the toolbox counts).
     */
    public ExecResult execute(String command, String cwd, Duration timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", command);
        if (cwd != null) {
            body.put("cwd", cwd);
        }
        body.put("timeout", Math.max(1, timeout.toSeconds()));
        JsonNode result = client.send(post("/process/execute", body).timeout(timeout.plus(DaytonaClient.REQUEST_TIMEOUT)),
                "run a command in the sandbox");
        return new ExecResult(result.path("exitCode").asInt(-1), result.path("result").asText(""));
    }

    /** {@code POST /git/clone} of {@code branch} into {@code path}; credentials only when the repo needs them. */
    public void gitClone(String url, String path, String branch, String username, String password,
                         Duration timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("path", path);
        body.put("branch", branch);
        if (password != null) {
            body.put("username", username);
            body.put("password", password);
        }
        client.send(post("/git/clone", body).timeout(timeout), "clone " + url);
    }

    /** {@code POST /files/upload?path=…}: {@code content} as the multipart part {@code file}. */
    public void upload(String path, byte[] content) {
        String boundary = "orbitdock-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + path.substring(path.lastIndexOf('/') + 1).replace("\"", "") + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        client.send(client.authorized(URI.create(base + "/files/upload?path=" + DaytonaClient.encode(path)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), "upload " + path);
    }

    /** {@code POST /process/session}. */
    public void createSession(String sessionId) {
        client.send(post("/process/session", Map.of("sessionId", sessionId)), "open a sandbox session");
    }

    /** {@code POST /process/session/{id}/exec} with {@code runAsync}: returns at once with the command's id. */
    public String startInSession(String sessionId, String command) {
        JsonNode started = client.send(post("/process/session/" + DaytonaClient.encode(sessionId) + "/exec",
                Map.of("command", command, "runAsync", true)), "start a command in the sandbox");
        String id = started.path("cmdId").asText("");
        if (id.isEmpty()) {
            throw new WorkspaceException("daytona_bad_response", "Daytona started a command but gave no cmdId", null,
                    null);
        }
        return id;
    }

    private HttpRequest.Builder get(String path) {
        return client.authorized(URI.create(base + path)).header("Accept", "application/json").GET();
    }

    private HttpRequest.Builder post(String path, Object body) {
        return client.authorized(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DaytonaClient.json(body)));
    }
}
