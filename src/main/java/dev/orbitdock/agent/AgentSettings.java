package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one agent's free-form MISSION.md section ({@code agent.<kind>}); every problem is an
 * {@link AgentStartException} naming the key, so the issue fails with what to fix.
 */
record AgentSettings(JsonNode section, String kind, String hint) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    /** A non-blank string, or null when the key is absent. */
    String text(String key) {
        JsonNode value = section.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw invalid(key + " must be a non-empty string, got " + value);
        }
        return value.asText();
    }

    /** A string from a fixed set, or the default when the key is absent. */
    String choice(String key, List<String> allowed, String defaultValue) {
        String value = text(key);
        if (value == null) {
            return defaultValue;
        }
        if (!allowed.contains(value)) {
            throw invalid(key + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }
        return value;
    }

    /** A list of strings (a single string is a list of one); empty when absent. */
    List<String> strings(String key) {
        JsonNode value = section.path(key);
        List<String> values = new ArrayList<>();
        if (value.isMissingNode() || value.isNull()) {
            return values;
        }
        if (value.isTextual()) {
            values.add(value.asText());
            return values;
        }
        if (!value.isArray()) {
            throw invalid(key + " must be a list of strings, got " + value);
        }
        for (JsonNode item : value) {
            if (!item.isValueNode() || item.isNull()) {
                throw invalid(key + " must hold only strings, got " + item);
            }
            values.add(item.asText());
        }
        return values;
    }

    /** An object of strings (numbers and booleans are written as text); empty when absent. */
    Map<String, String> stringMap(String key) {
        JsonNode value = section.path(key);
        Map<String, String> values = new LinkedHashMap<>();
        if (value.isMissingNode() || value.isNull()) {
            return values;
        }
        if (!value.isObject()) {
            throw invalid(key + " must be an object of strings, got " + value);
        }
        for (var field : value.properties()) {
            JsonNode item = field.getValue();
            if (!item.isValueNode() || item.isNull()) {
                throw invalid(key + "." + field.getKey() + " must be a string, got " + item);
            }
            values.put(field.getKey(), item.asText());
        }
        return values;
    }

    /** {@code timeout}, default one hour. */
    Duration timeout() {
        JsonNode timeout = section.path("timeout");
        if (timeout.isMissingNode() || timeout.isNull()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Durations.parsePositive(timeout.asText());
        } catch (IllegalArgumentException e) {
            throw invalid("timeout: " + e.getMessage());
        }
    }

    AgentStartException invalid(String message) {
        return new AgentStartException("agent." + kind + "." + message, hint, null);
    }
}
