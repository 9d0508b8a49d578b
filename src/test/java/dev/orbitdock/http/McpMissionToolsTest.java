package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.mission.OrchestrationState;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code orbitdock mcp-mission-tools} as a real process on stdio, driven by the MCP SDK's client, against a real
 * API server whose mission has a local tracker.
 */
class McpMissionToolsTest extends MissionToolsServerTest {
    McpSyncClient client;

    @BeforeEach
    void startClient() {
        client = McpClient.sync(new StdioClientTransport(ServerParameters.builder(java())
                        .args("-cp", System.getProperty("java.class.path"), "dev.orbitdock.cli.Main", "mcp-mission-tools")
                        .env(Map.of("ORBITDOCK_API_URL", test.uri("").toString(), "ORBITDOCK_ISSUE_TOKEN", token))
                        .build(), new JacksonMcpJsonMapper(JsonMapper.builder().build())))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
    }

    @AfterEach
    void closeClient() {
        client.closeGracefully();
    }

    @Test
    void listsEveryToolWithItsSchema() {
        Map<String, McpSchema.Tool> tools = client.listTools().tools().stream()
                .collect(Collectors.toMap(McpSchema.Tool::name, t -> t));

        assertThat(tools).containsOnlyKeys("get_issue", "post_comment", "list_comments", "update_comment",
                "update_workpad", "set_status", "link_pr", "create_follow_up", "report_blocked");
        assertThat(tools.get("update_comment").inputSchema()).containsEntry("required", List.of("comment_id", "body"));
        assertThat(tools.get("report_blocked").inputSchema()).containsEntry("required", List.of("reason"));
        assertThat(tools.get("create_follow_up").inputSchema().get("properties").toString())
                .contains("title").contains("description");
        assertThat(client.getServerInfo().name()).isEqualTo("orbitdock-mission-tools");
    }

    @Test
    void theToolsReachTheTrackerThroughTheApi() throws IOException {
        CallToolResult issue = call("get_issue", Map.of());
        assertThat(issue.isError()).isFalse();
        assertThat(text(issue)).contains("It drops items.");

        assertThat(call("post_comment", Map.of("body", "## Workpad\n- [ ] fix")).isError()).isFalse();
        assertThat(call("link_pr", Map.of("url", "https://github.com/acme/shop/pull/9")).isError()).isFalse();
        CallToolResult blocked = call("report_blocked", Map.of("reason", "needs the payment API key"));

        assertThat(blocked.isError()).as(text(blocked)).isFalse();
        assertThat(test.missions.issue("od-i1").orElseThrow().state()).isEqualTo(OrchestrationState.BLOCKED);
        assertThat(test.missions.issue("od-i1").orElseThrow().prUrl()).endsWith("/pull/9");
        assertThat(Files.readString(issues.resolve(".comments/T-1.md"))).contains("## Workpad")
                .contains("needs the payment API key");
    }

    @Test
    void theWorkpadIsKeptCurrentInOneComment() throws IOException {
        assertThat(text(call("update_workpad", Map.of("body", "- [ ] reproduce")))).contains("\"created\" : true");
        CallToolResult again = call("update_workpad", Map.of("body", "## Workpad\n- [x] reproduce"));
        assertThat(again.isError()).as(text(again)).isFalse();
        assertThat(text(again)).contains("\"created\" : false");
        CallToolResult posted = call("post_comment", Map.of("body", "Found the cause."));
        String id = text(posted).replaceAll("(?s).*\"id\" : \"([^\"]+)\".*", "$1");
        assertThat(call("update_comment", Map.of("comment_id", id, "body", "Found and fixed the cause.")).isError())
                .isFalse();

        CallToolResult listed = call("list_comments", Map.of());
        assertThat(listed.isError()).isFalse();
        assertThat(text(listed)).contains("- [x] reproduce").contains("Found and fixed the cause.")
                .doesNotContain("- [ ] reproduce");
        assertThat(Files.readString(issues.resolve(".comments/T-1.md"))).containsOnlyOnce("## Workpad");
    }

    @Test
    void badArgumentsAndRefusalsAreErrorResultsAndTheServerGoesOn() {
        CallToolResult unknownComment = call("update_comment", Map.of("comment_id", "../../issue", "body", "x"));
        assertThat(unknownComment.isError()).isTrue();
        assertThat(text(unknownComment)).contains("has no comment '../../issue'");
        assertThat(call("update_comment", Map.of("comment_id", "1")).isError()).isTrue();
        assertThat(call("update_workpad", Map.of("body", List.of("a"))).isError()).isTrue();
        CallToolResult missing = call("report_blocked", Map.of());
        assertThat(missing.isError()).isTrue();
        assertThat(text(missing)).contains("reason");
        assertThat(call("set_status", Map.of("state", 3)).isError()).isTrue();
        assertThat(call("post_comment", Map.of("body", "x", "extra", "y")).isError()).isTrue();

        CallToolResult refused = call("link_pr", Map.of("url", "not a url"));
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).contains("http(s) URL");

        assertThat(call("get_issue", Map.of()).isError()).isFalse();
    }

    @Test
    void aRevokedTokenIsAnErrorResult() {
        test.tokens.revoke(test.tokens.list().stream().filter(t -> t.scope() instanceof TokenScope.Issue)
                .findFirst().orElseThrow().id());

        CallToolResult result = call("get_issue", Map.of());

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("revoked");
    }

    private CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    private static String text(CallToolResult result) {
        return result.content().stream().map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining());
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }
}
