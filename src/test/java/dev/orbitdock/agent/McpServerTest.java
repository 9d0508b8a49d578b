package dev.orbitdock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mission tools server as each CLI's settings carry it: names of variables, never their values. */
class McpServerTest {
    private static final McpServer SERVER = new McpServer("orbitdock", List.of("/opt/od/bin/orbitdock",
            "mcp-mission-tools"), List.of("ORBITDOCK_API_URL", "ORBITDOCK_ISSUE_TOKEN"));

    @TempDir
    Path dir;

    @Test
    void claudeGetsAConfigFileMergedWithItsOwnAndTheToolsAllowed() throws Exception {
        Path workdir = Files.createDirectories(dir.resolve("work"));
        Files.writeString(workdir.resolve("mcp.json"), "{\"mcpServers\":{\"docs\":{\"command\":\"docs-server\"}}}");
        JsonNode settings = Json.mapper().readTree("{\"mcp_config\":\"mcp.json\",\"allowed_tools\":[\"Bash\"]}");

        JsonNode added = SERVER.addTo(ClaudeAgent.KIND, settings, workdir, dir.resolve("run"));

        Path file = Path.of(added.get("mcp_config").asText());
        assertThat(file).isEqualTo(dir.resolve("run/mcp-config.json"));
        JsonNode servers = Json.mapper().readTree(Files.readString(file)).get("mcpServers");
        assertThat(servers.get("docs").get("command").asText()).isEqualTo("docs-server");
        assertThat(servers.get("orbitdock").get("command").asText()).isEqualTo("/opt/od/bin/orbitdock");
        assertThat(servers.get("orbitdock").get("args").toString()).isEqualTo("[\"mcp-mission-tools\"]");
        assertThat(servers.get("orbitdock").get("env").get("ORBITDOCK_ISSUE_TOKEN").asText())
                .isEqualTo("${ORBITDOCK_ISSUE_TOKEN}");
        assertThat(added.get("allowed_tools").toString()).isEqualTo("[\"Bash\",\"mcp__orbitdock\"]");
        assertThat(settings.get("mcp_config").asText()).as("the mission's settings are untouched").isEqualTo("mcp.json");
    }

    @Test
    void codexGetsConfigOverridesInToml() throws Exception {
        JsonNode settings = Json.mapper().readTree("{\"config\":{\"model_reasoning_effort\":\"\\\"high\\\"\"}}");

        JsonNode config = SERVER.addTo(CodexAgent.KIND, settings, dir, dir.resolve("run")).get("config");

        assertThat(config.get("model_reasoning_effort").asText()).isEqualTo("\"high\"");
        assertThat(config.get("mcp_servers.orbitdock.command").asText()).isEqualTo("\"/opt/od/bin/orbitdock\"");
        assertThat(config.get("mcp_servers.orbitdock.args").asText()).isEqualTo("[\"mcp-mission-tools\"]");
        assertThat(config.get("mcp_servers.orbitdock.env_vars").asText())
                .isEqualTo("[\"ORBITDOCK_API_URL\", \"ORBITDOCK_ISSUE_TOKEN\"]");
        assertThat(config.get("mcp_servers.orbitdock.default_tools_approval_mode").asText()).isEqualTo("\"approve\"");
        assertThat(config.get("mcp_servers.orbitdock.required").asText()).isEqualTo("true");
        assertThat(config.get("mcp_servers.orbitdock.startup_timeout_sec").asText()).isEqualTo("60");
        assertThat(Files.exists(dir.resolve("run"))).isFalse();
    }

    @Test
    void theCommandAgentIsLeftAlone() throws Exception {
        JsonNode settings = Json.mapper().readTree("{\"run\":\"./agent.sh\"}");

        assertThat(SERVER.addTo(CommandAgent.KIND, settings, dir, dir.resolve("run"))).isEqualTo(settings);
    }
}
