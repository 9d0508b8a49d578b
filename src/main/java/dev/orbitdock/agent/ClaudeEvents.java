package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Claude Code's {@code --output-format stream-json --verbose} lines: {@code system} (init: session id, model,
 * tools), {@code assistant} (text, thinking and tool_use blocks), {@code user} (tool_result blocks), {@code result}
 * (usage, cost, success or error). Anything else is kept raw.
 */
public final class ClaudeEvents implements AgentEventMapper {
    @Override
    public List<AgentEvent> map(String line) {
        return EventJson.map(line, this::event);
    }

    private List<AgentEvent> event(ObjectNode event) {
        return switch (event.path("type").asText()) {
            case "system" -> system(event);
            case "assistant" -> assistant(event);
            case "user" -> user(event);
            case "result" -> result(event);
            default -> List.of(EventJson.unknown(event));
        };
    }

    private static List<AgentEvent> system(ObjectNode event) {
        if (!"init".equals(event.path("subtype").asText())) {
            return List.of(AgentEvent.Row.of(RowType.SYSTEM, event));
        }
        ObjectNode payload = EventJson.object().put("subtype", "init")
                .put("session_id", EventJson.text(event, "session_id"))
                .put("model", EventJson.text(event, "model"))
                .put("cwd", EventJson.text(event, "cwd"))
                .put("permission_mode", EventJson.text(event, "permissionMode"))
                .put("version", EventJson.text(event, "claude_code_version"));
        payload.set("tools", EventJson.value(event.path("tools")));
        payload.set("mcp_servers", EventJson.value(event.path("mcp_servers")));
        return List.of(new AgentEvent.SessionStarted(EventJson.text(event, "session_id"),
                        EventJson.text(event, "model")), AgentEvent.Status.WORKING,
                AgentEvent.Row.of(RowType.SYSTEM, payload));
    }

    private static List<AgentEvent> assistant(ObjectNode event) {
        JsonNode message = event.path("message");
        List<AgentEvent> events = new ArrayList<>();
        String error = EventJson.text(event, "error");
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText()) {
                // A failed API call arrives as an assistant message with an error field and the message as its text.
                case "text" -> events.add(error != null
                        ? AgentEvent.Row.of(RowType.ERROR, EventJson.object().put("kind", error)
                                .put("message", block.path("text").asText()))
                        : AgentEvent.Row.of(RowType.ASSISTANT, EventJson.object().put("text",
                                block.path("text").asText())));
                case "thinking" -> events.add(AgentEvent.Row.of(RowType.REASONING, EventJson.object()
                        .put("text", block.path("thinking").asText())));
                case "tool_use" -> {
                    ObjectNode call = EventJson.object().put("id", EventJson.text(block, "id"))
                            .put("name", EventJson.text(block, "name"));
                    call.set("input", EventJson.value(block.path("input")));
                    // Claude reports each tool call once, complete: a plain row, its id in the payload.
                    events.add(AgentEvent.Row.of(RowType.TOOL_CALL, call));
                }
                default -> events.add(EventJson.unknown(block));
            }
        }
        return events.isEmpty() ? List.of(EventJson.unknown(event)) : events;
    }

    private static List<AgentEvent> user(ObjectNode event) {
        JsonNode content = event.path("message").path("content");
        if (content.isTextual()) {
            return List.of(AgentEvent.Row.of(RowType.USER_PROMPT, EventJson.object().put("text", content.asText())));
        }
        List<AgentEvent> events = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "tool_result" -> {
                    ObjectNode result = EventJson.object().put("tool_call_id", EventJson.text(block, "tool_use_id"))
                            .put("is_error", block.path("is_error").asBoolean(false));
                    result.set("output", EventJson.value(block.path("content")));
                    events.add(AgentEvent.Row.of(RowType.TOOL_RESULT, result));
                }
                case "text" -> events.add(AgentEvent.Row.of(RowType.USER_PROMPT, EventJson.object()
                        .put("text", block.path("text").asText())));
                default -> events.add(EventJson.unknown(block));
            }
        }
        return events.isEmpty() ? List.of(EventJson.unknown(event)) : events;
    }

    /**
     * The end of a turn. Usage is taken per model from {@code modelUsage} (each with its cost; none when the turn
     * reached no model) when present, else from the totals; Anthropic counts cached and cache-writing input apart from {@code input_tokens}, and
     * OrbitDock's input includes both.
     */
    private static List<AgentEvent> result(ObjectNode event) {
        List<AgentEvent> events = new ArrayList<>();
        JsonNode perModel = event.path("modelUsage");
        if (perModel.isObject()) {
            for (Map.Entry<String, JsonNode> entry : perModel.properties()) {
                JsonNode u = entry.getValue();
                long cached = EventJson.count(u, "cacheReadInputTokens");
                events.add(new AgentEvent.Usage(entry.getKey(), EventJson.count(u, "inputTokens") + cached
                        + EventJson.count(u, "cacheCreationInputTokens"), EventJson.count(u, "outputTokens"),
                        cached, EventJson.usd(u, "costUSD")));
            }
        } else if (event.path("usage").isObject()) {
            JsonNode u = event.path("usage");
            long cached = EventJson.count(u, "cache_read_input_tokens");
            events.add(new AgentEvent.Usage(null, EventJson.count(u, "input_tokens") + cached
                    + EventJson.count(u, "cache_creation_input_tokens"), EventJson.count(u, "output_tokens"), cached,
                    EventJson.usd(event, "total_cost_usd")));
        }
        ObjectNode usage = EventJson.object().put("subtype", EventJson.text(event, "subtype"))
                .put("num_turns", EventJson.count(event, "num_turns"))
                .put("duration_ms", EventJson.count(event, "duration_ms"));
        usage.set("cost_usd", EventJson.value(event.path("total_cost_usd")));
        usage.set("usage", EventJson.value(event.path("usage")));
        events.add(AgentEvent.Row.of(RowType.USAGE, usage));
        if (event.path("is_error").asBoolean(false) || !"success".equals(event.path("subtype").asText("success"))) {
            events.add(AgentEvent.Row.of(RowType.ERROR, EventJson.object()
                    .put("kind", event.path("terminal_reason").asText(event.path("subtype").asText()))
                    .put("message", resultMessage(event))));
        }
        events.add(AgentEvent.Status.WAITING);
        return events;
    }

    private static String resultMessage(ObjectNode event) {
        String result = EventJson.text(event, "result");
        if (result != null) {
            return result;
        }
        JsonNode errors = event.path("errors");
        return errors.isArray() && !errors.isEmpty() ? errors.toString() : "the turn ended with an error";
    }
}
