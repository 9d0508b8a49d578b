package dev.orbitdock.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/** What the claude and codex mappers share: reading a line as a JSON object, raw rows, and small accessors. */
final class EventJson {
    private EventJson() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * The events of a line that is a JSON object; any other line (malformed, an array, a bare value) is kept as it
     * was in a raw row.
     */
    static List<AgentEvent> map(String line, Function<ObjectNode, List<AgentEvent>> events) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            node = null;
        }
        return node instanceof ObjectNode object ? events.apply(object)
                : List.of(AgentEvent.Row.of(RowType.RAW, object().put("line", line)));
    }

    /** An event the mapper does not know, kept whole. */
    static AgentEvent.Row unknown(JsonNode event) {
        ObjectNode payload = object();
        payload.set("event", event);
        return AgentEvent.Row.of(RowType.RAW, payload);
    }

    /** The node, or JSON null for an absent field (a missing node is no value to store). */
    static JsonNode value(JsonNode node) {
        return node == null || node.isMissingNode() ? NullNode.instance : node;
    }

    /** Text, or null when the field is absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    static long count(JsonNode node, String field) {
        return node.path(field).asLong(0);
    }

    static BigDecimal usd(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.decimalValue() : BigDecimal.ZERO;
    }
}
