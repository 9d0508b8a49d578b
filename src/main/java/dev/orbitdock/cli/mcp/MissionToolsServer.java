package dev.orbitdock.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mission tools as an MCP server over stdio (the official SDK's transport): each tool is one call of the
 * mission tools REST API. A tool with bad arguments, or one the server refuses, answers with an error result the
 * agent can read; nothing an agent sends ends the server.
 */
public final class MissionToolsServer {
    static final String NAME = "orbitdock-mission-tools";

    /** One tool: its name, what it does, its string arguments (name → description) and which are required. */
    private record Tool(String name, String description, Map<String, String> arguments, List<String> required,
                        Call call) {}

    @FunctionalInterface
    private interface Call {
        JsonNode run(MissionToolsApi api, Map<String, String> arguments) throws MissionToolsApi.Failure;
    }

    private static final List<Tool> TOOLS = List.of(
            new Tool("get_issue", "The issue you are working on: title, description, tracker state, labels, URL,"
                    + " and OrbitDock's view of it (state, attempt, linked pull request).", Map.of(), List.of(),
                    (api, args) -> api.get("issue")),
            new Tool("post_comment", "Posts a comment (Markdown) on the issue in the tracker; returns it with its id."
                    + " For notes you keep current, use update_workpad instead.",
                    Map.of("body", "the comment, Markdown"), List.of("body"),
                    (api, args) -> api.post("comments", Map.of("body", args.get("body")))),
            new Tool("list_comments", "The issue's comments in the tracker, oldest first: id, author, created_at,"
                    + " body.", Map.of(), List.of(), (api, args) -> api.get("comments")),
            new Tool("update_comment", "Replaces the body of one of the issue's comments (an id from list_comments"
                    + " or post_comment).",
                    Map.of("comment_id", "the comment's id", "body", "the new body, Markdown"),
                    List.of("comment_id", "body"), (api, args) -> api.patch("comments/"
                            + MissionToolsApi.segment(args.get("comment_id")), Map.of("body", args.get("body")))),
            new Tool("update_workpad", "Keeps your one `## Workpad` comment on the issue current: edits it in place,"
                    + " or posts it the first time. Use it for your plan, progress and notes instead of posting new"
                    + " comments; the heading is added if the body lacks it.",
                    Map.of("body", "the whole workpad, Markdown"), List.of("body"),
                    (api, args) -> api.put("workpad", Map.of("body", args.get("body")))),
            new Tool("set_status", "Moves the issue to another state of the tracker (e.g. \"In Review\").",
                    Map.of("state", "a state name of the tracker"), List.of("state"),
                    (api, args) -> api.post("status", Map.of("state", args.get("state")))),
            new Tool("link_pr", "Records the pull request for this issue and links it in the tracker.",
                    Map.of("url", "the pull request's http(s) URL"), List.of("url"),
                    (api, args) -> api.post("pull-request", Map.of("url", args.get("url")))),
            new Tool("create_follow_up", "Files a follow-up issue in the tracker for work outside this issue.",
                    Map.of("title", "the new issue's title", "description", "the new issue's description, Markdown"),
                    List.of("title"), (api, args) -> api.post("follow-ups", args)),
            new Tool("report_blocked", "Reports that you cannot go on without a person: the issue becomes blocked"
                    + " with the reason, which is posted to the tracker. Stop working after calling it.",
                    Map.of("reason", "what blocks you and what you need"), List.of("reason"),
                    (api, args) -> api.post("blocked", Map.of("reason", args.get("reason")))));

    private final MissionToolsApi api;

    public MissionToolsServer(java.net.URI apiUrl, String issueToken) {
        this.api = new MissionToolsApi(apiUrl, issueToken);
    }

    /** Serves MCP on these streams until the client closes its end (end of {@code in}). */
    public void serve(InputStream in, OutputStream out, String version) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        McpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
        var transport = new StdioServerTransportProvider(json, new EndSignalling(in, ended), out);
        McpSyncServer server = McpServer.sync(transport).jsonMapper(json).serverInfo(NAME, version)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(TOOLS.stream().map(tool -> specification(tool, json)).toList())
                .build();
        try {
            ended.await();
        } finally {
            server.closeGracefully();
        }
    }

    private SyncToolSpecification specification(Tool tool, McpJsonMapper json) {
        Map<String, Object> properties = new LinkedHashMap<>();
        tool.arguments().forEach((name, description) ->
                properties.put(name, Map.of("type", "string", "description", description)));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", tool.required());
        schema.put("additionalProperties", false);
        McpSchema.Tool definition = McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                .inputSchema(schema).build();
        return SyncToolSpecification.builder().tool(definition)
                .callHandler((exchange, request) -> call(tool, request.arguments())).build();
    }

    /** Never throws: whatever goes wrong becomes an error result the agent reads and can act on. */
    private CallToolResult call(Tool tool, Map<String, Object> given) {
        Map<String, String> arguments = new LinkedHashMap<>();
        Map<String, Object> supplied = given == null ? Map.of() : given;
        for (var entry : supplied.entrySet()) {
            if (!tool.arguments().containsKey(entry.getKey())) {
                return error(tool.name() + " takes no argument '" + entry.getKey() + "'; its arguments: "
                        + tool.arguments().keySet());
            }
            if (!(entry.getValue() instanceof String text)) {
                return error("'" + entry.getKey() + "' must be a string");
            }
            arguments.put(entry.getKey(), text);
        }
        for (String name : tool.required()) {
            if (arguments.getOrDefault(name, "").isBlank()) {
                return error(tool.name() + " needs a non-empty '" + name + "'");
            }
        }
        try {
            JsonNode answer = tool.call().run(api, arguments);
            return CallToolResult.builder().addTextContent(answer.toPrettyString()).isError(false).build();
        } catch (MissionToolsApi.Failure e) {
            return error(e.getMessage());
        } catch (RuntimeException e) {
            return error(tool.name() + " failed: " + e);
        }
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    /** Tells {@code ended} when the client has closed standard input, so {@link #serve} can return. */
    private static final class EndSignalling extends FilterInputStream {
        private final CountDownLatch ended;

        EndSignalling(InputStream in, CountDownLatch ended) {
            super(in);
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            return signalOnEnd(super.read());
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return signalOnEnd(super.read(buffer, offset, length));
        }

        private int signalOnEnd(int result) {
            if (result < 0) {
                ended.countDown();
            }
            return result;
        }

        @Override
        public void close() throws IOException {
            ended.countDown();
            super.close();
        }
    }
}
