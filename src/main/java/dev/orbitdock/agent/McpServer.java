package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A stdio MCP server to hand to an agent CLI, written into the agent's own settings: for claude an MCP config file
 * ({@code --mcp-config}, merged with the one MISSION.md names) and its tools allowed, for codex
 * {@code mcp_servers.<name>.…} overrides with the server required and its tools approved. {@code passedEnv} names
 * variables the server gets from the agent's environment: their values (tokens) are never written into a file or
 * onto a command line.
 */
public record McpServer(String name, List<String> command, List<String> passedEnv) {
    public McpServer {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        passedEnv = List.copyOf(passedEnv);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("an MCP server needs a command");
        }
    }

    /**
     * The agent's settings ({@code agent.<kind>}) with this server added; other agent kinds get them unchanged.
     *
     * @param configDir where claude's MCP config file is written (outside the workspace, so no agent commits it)
     */
    public JsonNode addTo(String agentKind, JsonNode settings, Path workdir, Path configDir) throws IOException {
        ObjectNode copy = settings.isObject() ? ((ObjectNode) settings).deepCopy() : Json.mapper().createObjectNode();
        switch (agentKind) {
            case ClaudeAgent.KIND -> addToClaude(copy, workdir, configDir);
            case CodexAgent.KIND -> addToCodex(copy);
            default -> { }
        }
        return copy;
    }

    private void addToClaude(ObjectNode settings, Path workdir, Path configDir) throws IOException {
        ObjectNode config = Json.mapper().createObjectNode();
        String own = settings.path("mcp_config").asText(null);
        if (own != null) {
            JsonNode read = Json.mapper().readTree(Files.readString(workdir.resolve(own)));
            if (read instanceof ObjectNode object) {
                config = object;
            }
        }
        ObjectNode server = config.withObject("mcpServers").putObject(name);
        server.put("type", "stdio");
        server.put("command", command.getFirst());
        command.subList(1, command.size()).forEach(server.putArray("args")::add);
        // Claude Code expands ${VAR} from its own environment when it starts the server.
        ObjectNode env = server.putObject("env");
        passedEnv.forEach(variable -> env.put(variable, "${" + variable + "}"));
        Path file = Files.createDirectories(configDir).resolve("mcp-config.json");
        Files.writeString(file, config.toPrettyString());
        settings.put("mcp_config", file.toAbsolutePath().toString());
        // Headless, nobody can approve a tool: the server's own tools are allowed by name.
        ArrayNode allowed = settings.has("allowed_tools") && settings.get("allowed_tools").isArray()
                ? (ArrayNode) settings.get("allowed_tools") : settings.putArray("allowed_tools");
        allowed.add("mcp__" + name);
    }

    private void addToCodex(ObjectNode settings) {
        ObjectNode config = settings.has("config") && settings.get("config").isObject()
                ? (ObjectNode) settings.get("config") : settings.putObject("config");
        String prefix = "mcp_servers." + name + ".";
        config.put(prefix + "command", toml(command.getFirst()));
        config.put(prefix + "args", tomlArray(command.subList(1, command.size())));
        // Codex starts MCP servers with a cleared environment plus the variables named here.
        config.put(prefix + "env_vars", tomlArray(passedEnv));
        // Headless (approval_policy never) codex rejects every MCP call it would have to ask about; approving the
        // server's tools up front is what claude's allowed tools do.
        config.put(prefix + "default_tools_approval_mode", toml("approve"));
        // Codex starts the turn without waiting for a server unless it is required; required, it waits (10 s by
        // default, short for a JVM on a busy machine) and fails the run if the server cannot start.
        config.put(prefix + "required", "true");
        config.put(prefix + "startup_timeout_sec", "60");
    }

    private static String tomlArray(List<String> values) {
        return values.stream().map(McpServer::toml).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A TOML basic string (JSON's string escapes are valid TOML). */
    private static String toml(String value) {
        return Json.mapper().getNodeFactory().textNode(value).toString();
    }
}
