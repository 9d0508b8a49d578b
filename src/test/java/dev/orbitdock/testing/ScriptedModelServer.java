package dev.orbitdock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orbitdock.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A model API on 127.0.0.1 that answers from a script, for driving the real agent CLIs in tests: the Anthropic
 * Messages API ({@code POST /v1/messages}, SSE when {@code stream} is set) for Claude Code and the OpenAI Responses
 * API ({@code POST /v1/responses}, SSE) for Codex.
 *
 * <p>It keeps no conversation state: the step answered is the number of tool results the request already carries,
 * so a CLI's retries and side requests get consistent answers. Past the script's end the last step repeats.
 */
public final class ScriptedModelServer implements AutoCloseable {
    public static final String MODEL_CLAUDE = "claude-sonnet-4-5";
    public static final String MODEL_CODEX = "gpt-5.5";

    private final HttpServer server;
    private final List<ModelStep> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** A request the server answered: the path, the credential header it carried, and the JSON body. */
    public record Request(String path, String credential, JsonNode body) {}

    public ScriptedModelServer(List<ModelStep> script) throws IOException {
        this.script = List.copyOf(script);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/messages", exchange -> handle(exchange, this::anthropic));
        server.createContext("/v1/responses", exchange -> handle(exchange, this::openai));
        server.createContext("/", exchange -> respond(exchange, 404, "application/json", "{}"));
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}; Claude Code appends {@code /v1/messages}. */
    public String anthropicBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/v1}; Codex appends {@code /responses}. */
    public String openaiBaseUrl() {
        return anthropicBaseUrl() + "/v1";
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private interface Handler {
        void answer(HttpExchange exchange, JsonNode body) throws IOException;
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody());
            String credential = exchange.getRequestHeaders().getFirst("x-api-key");
            if (credential == null) {
                credential = exchange.getRequestHeaders().getFirst("authorization");
            }
            requests.add(new Request(exchange.getRequestURI().getPath(), credential, body));
            handler.answer(exchange, body);
        }
    }

    /** @param resultTypes the item types that answer a step (a tool's result, a tool search's tools) */
    private ModelStep step(JsonNode items, Set<String> resultTypes) {
        int answered = 0;
        for (JsonNode item : items) {
            answered += count(item, resultTypes);
        }
        return script.get(Math.min(answered, script.size() - 1));
    }

    private static int count(JsonNode node, Set<String> types) {
        int n = types.contains(node.path("type").asText()) ? 1 : 0;
        for (JsonNode child : node) {
            n += child.isContainerNode() ? count(child, types) : 0;
        }
        return n;
    }

    // ---- Anthropic Messages API -------------------------------------------------------------------------------

    private void anthropic(HttpExchange exchange, JsonNode request) throws IOException {
        ModelStep step = step(request.path("messages"), Set.of("tool_result"));
        if (step instanceof ModelStep.ToolSearch) {
            step = new ModelStep.Fail(400, "the scripted Anthropic API has no tool search step");
        }
        if (step instanceof ModelStep.Fail fail) {
            respond(exchange, fail.status(), "application/json", Json.mapper().createObjectNode()
                    .put("type", "error").set("error", Json.mapper().createObjectNode()
                            .put("type", "invalid_request_error").put("message", fail.message())).toString());
            return;
        }
        String model = request.path("model").asText(MODEL_CLAUDE);
        String id = "msg_" + requests.size();
        ObjectNode block = Json.mapper().createObjectNode();
        String delta;
        String stopReason;
        if (step instanceof ModelStep.Shell shell) {
            block.put("type", "tool_use").put("id", "toolu_" + requests.size()).put("name", "Bash")
                    .set("input", Json.mapper().createObjectNode());
            delta = Json.mapper().createObjectNode().put("type", "input_json_delta").put("partial_json",
                    Json.mapper().createObjectNode().put("command", shell.command())
                            .put("description", "run a shell command").toString()).toString();
            stopReason = "tool_use";
        } else if (step instanceof ModelStep.Tool tool) {
            block.put("type", "tool_use").put("id", "toolu_" + requests.size()).put("name", tool.name())
                    .set("input", Json.mapper().createObjectNode());
            delta = Json.mapper().createObjectNode().put("type", "input_json_delta")
                    .put("partial_json", tool.inputJson()).toString();
            stopReason = "tool_use";
        } else {
            block.put("type", "text").put("text", "");
            delta = Json.mapper().createObjectNode().put("type", "text_delta")
                    .put("text", ((ModelStep.Text) step).text()).toString();
            stopReason = "end_turn";
        }
        if (!request.path("stream").asBoolean(false)) {
            respond(exchange, 200, "application/json", """
                    {"id":"%s","type":"message","role":"assistant","model":"%s","content":[{"type":"text","text":"ok"}],\
                    "stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":1}}""".formatted(id, model));
            return;
        }
        StringBuilder sse = new StringBuilder();
        sse(sse, "message_start", """
                {"type":"message_start","message":{"id":"%s","type":"message","role":"assistant","model":"%s",\
                "content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":120,"output_tokens":1,\
                "cache_read_input_tokens":30,"cache_creation_input_tokens":0}}}""".formatted(id, model));
        sse(sse, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + block + "}");
        sse(sse, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":" + delta + "}");
        sse(sse, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        sse(sse, "message_delta", """
                {"type":"message_delta","delta":{"stop_reason":"%s","stop_sequence":null},"usage":{"output_tokens":15}}\
                """.formatted(stopReason));
        sse(sse, "message_stop", "{\"type\":\"message_stop\"}");
        respond(exchange, 200, "text/event-stream", sse.toString());
    }

    // ---- OpenAI Responses API ---------------------------------------------------------------------------------

    private void openai(HttpExchange exchange, JsonNode request) throws IOException {
        ModelStep step = step(request.path("input"), Set.of("function_call_output", "tool_search_output"));
        if (step instanceof ModelStep.Fail fail) {
            respond(exchange, fail.status(), "application/json", Json.mapper().createObjectNode()
                    .set("error", Json.mapper().createObjectNode().put("type", "invalid_request_error")
                            .put("message", fail.message())).toString());
            return;
        }
        String id = "resp_" + requests.size();
        ObjectNode item = Json.mapper().createObjectNode();
        if (step instanceof ModelStep.Shell shell) {
            item.put("type", "function_call").put("id", "fc_" + requests.size())
                    .put("call_id", "call_" + requests.size()).put("name", "exec_command")
                    .put("arguments", Json.mapper().createObjectNode().put("cmd", shell.command()).toString());
        } else if (step instanceof ModelStep.Tool tool) {
            // Codex offers an MCP server's tools as the namespace mcp__<server>; the model names both.
            int split = tool.name().lastIndexOf("__");
            item.put("type", "function_call").put("id", "fc_" + requests.size())
                    .put("call_id", "call_" + requests.size()).put("namespace", tool.name().substring(0, split))
                    .put("name", tool.name().substring(split + 2)).put("arguments", tool.inputJson());
        } else if (step instanceof ModelStep.ToolSearch search) {
            item.put("type", "tool_search_call").put("id", "ts_" + requests.size())
                    .put("call_id", "ts_" + requests.size()).put("status", "completed").put("execution", "client")
                    .set("arguments", Json.mapper().createObjectNode().put("query", search.query()));
        } else {
            item.put("type", "message").put("role", "assistant").put("id", "msg_" + requests.size())
                    .set("content", Json.mapper().createArrayNode().add(Json.mapper().createObjectNode()
                            .put("type", "output_text").put("text", ((ModelStep.Text) step).text())));
        }
        StringBuilder sse = new StringBuilder();
        sse(sse, "response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"" + id + "\"}}");
        sse(sse, "response.output_item.done", "{\"type\":\"response.output_item.done\",\"output_index\":0,"
                + "\"item\":" + item + "}");
        sse(sse, "response.completed", """
                {"type":"response.completed","response":{"id":"%s","usage":{"input_tokens":120,\
                "input_tokens_details":{"cached_tokens":30},"output_tokens":15,\
                "output_tokens_details":{"reasoning_tokens":0},"total_tokens":135}}}""".formatted(id));
        respond(exchange, 200, "text/event-stream", sse.toString());
    }

    private static void sse(StringBuilder out, String event, String data) {
        out.append("event: ").append(event).append('\n').append("data: ").append(data).append("\n\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
