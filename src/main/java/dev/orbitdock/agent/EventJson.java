package dev.orbitdock.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import java.math.BigDecimal;
import java.util.List;

/** What the claude and codex mappers share: reading a line as a JSON object, raw rows, and small accessors. */
final class EventJson {
    private EventJson() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The line as a JSON object, or null when it is anything else (malformed, an array, a bare value). */
    static ObjectNode parse(String line) {
        try {
            return Json.mapper().readTree(line) instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A line that is not a JSON object, kept as it was. */
    static List<AgentEvent> malformed(String line) {
        return List.of(AgentEvent.Row.of(RowType.RAW, object().put("line", line)));
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
