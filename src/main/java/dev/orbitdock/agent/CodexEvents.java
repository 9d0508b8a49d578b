package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Codex's {@code exec --json} lines: {@code thread.started}, {@code turn.started|completed|failed}, {@code error}
 * and {@code item.started|updated|completed} for agent_message, reasoning, command_execution, file_change,
 * mcp_tool_call, web_search and error items. An item is keyed by its id, so its start and its completion are one
 * {@code tool_call} row; a completed tool item adds its {@code tool_result}. Anything else is kept raw.
 *
 * @param model the model the agent was started with: codex's events do not name it, and reports no cost
 */
public record CodexEvents(String model) implements AgentEventMapper {
    @Override
    public List<AgentEvent> map(String line) {
        return EventJson.map(line, this::event);
    }

    private List<AgentEvent> event(ObjectNode event) {
        return switch (event.path("type").asText()) {
            case "thread.started" -> List.of(new AgentEvent.SessionStarted(EventJson.text(event, "thread_id"), model),
                    AgentEvent.Row.of(RowType.SYSTEM, EventJson.object().put("subtype", "thread.started")
                            .put("session_id", EventJson.text(event, "thread_id")).put("model", model)));
            case "turn.started" -> List.of(AgentEvent.Status.WORKING);
            case "turn.completed" -> turnCompleted(event.path("usage"));
            case "turn.failed" -> List.of(error("turn.failed", event.path("error").path("message").asText()),
                    AgentEvent.Status.WAITING);
            case "error" -> List.of(error("error", EventJson.text(event, "message")));
            case "item.started", "item.updated" -> item(event.path("item"), false, event);
            case "item.completed" -> item(event.path("item"), true, event);
            default -> List.of(EventJson.unknown(event));
        };
    }

    /** OpenAI counts cached input inside {@code input_tokens} and reasoning inside {@code output_tokens}. */
    private List<AgentEvent> turnCompleted(JsonNode usage) {
        AgentEvent.Usage tokens = new AgentEvent.Usage(model, EventJson.count(usage, "input_tokens"),
                EventJson.count(usage, "output_tokens"), EventJson.count(usage, "cached_input_tokens"),
                BigDecimal.ZERO);
        ObjectNode row = EventJson.object().put("subtype", "turn.completed");
        row.set("usage", EventJson.value(usage));
        return List.of(tokens, AgentEvent.Row.of(RowType.USAGE, row), AgentEvent.Status.WAITING);
    }

    private static List<AgentEvent> item(JsonNode item, boolean completed, ObjectNode event) {
        String id = EventJson.text(item, "id");
        return switch (item.path("type").asText()) {
            case "agent_message" -> List.of(new AgentEvent.Row(RowType.ASSISTANT, id, EventJson.object()
                    .put("text", item.path("text").asText())));
            case "reasoning" -> List.of(new AgentEvent.Row(RowType.REASONING, id, EventJson.object()
                    .put("text", item.path("text").asText())));
            case "command_execution" -> tool(id, "command", EventJson.object()
                    .put("command", EventJson.text(item, "command")), completed, item, EventJson.object()
                    .put("output", item.path("aggregated_output").asText())
                    .put("exit_code", item.path("exit_code").isNumber() ? item.path("exit_code").asInt() : null)
                    .put("is_error", !"completed".equals(item.path("status").asText())
                            || item.path("exit_code").asInt(0) != 0));
            case "file_change" -> tool(id, "file_change", input("changes", item.path("changes")), completed, item,
                    EventJson.object().put("is_error", !"completed".equals(item.path("status").asText())));
            case "mcp_tool_call" -> tool(id, item.path("server").asText() + "/" + item.path("tool").asText(),
                    input("arguments", item.path("arguments")), completed, item, mcpResult(item));
            case "web_search" -> tool(id, "web_search", EventJson.object().put("query",
                    EventJson.text(item, "query")), completed, item, EventJson.object().put("is_error", false));
            case "error" -> List.of(error("item.error", EventJson.text(item, "message")));
            default -> List.of(EventJson.unknown(event));
        };
    }

    private static ObjectNode input(String field, JsonNode value) {
        ObjectNode input = EventJson.object();
        input.set(field, EventJson.value(value));
        return input;
    }

    private static ObjectNode mcpResult(JsonNode item) {
        ObjectNode result = EventJson.object().put("is_error", !item.path("error").isMissingNode()
                && !item.path("error").isNull());
        result.set("output", EventJson.value(item.path("result")));
        result.set("error", EventJson.value(item.path("error")));
        return result;
    }

    /** The call row (one per item id, updated in place) and, once the item completed, its result. */
    private static List<AgentEvent> tool(String id, String name, ObjectNode input, boolean completed, JsonNode item,
                                         ObjectNode result) {
        ObjectNode call = EventJson.object().put("id", id).put("name", name)
                .put("status", EventJson.text(item, "status"));
        call.set("input", input);
        List<AgentEvent> events = new ArrayList<>();
        events.add(new AgentEvent.Row(RowType.TOOL_CALL, id, call));
        if (completed) {
            events.add(new AgentEvent.Row(RowType.TOOL_RESULT, id + "/result", result.put("tool_call_id", id)));
        }
        return events;
    }

    private static AgentEvent.Row error(String kind, String message) {
        return AgentEvent.Row.of(RowType.ERROR, EventJson.object().put("kind", kind).put("message", message));
    }
}
