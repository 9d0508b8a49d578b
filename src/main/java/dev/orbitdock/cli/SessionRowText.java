package dev.orbitdock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.http.ConversationRow;
import java.io.IOException;

/** One conversation row as one line for people: {@code #sequence type  what it says} (docs/agents.md). */
final class SessionRowText {
    static final int MAX_CHARS = 200;

    private SessionRowText() {}

    static String of(ConversationRow row) {
        JsonNode p = payload(row.payload());
        String text = switch (row.rowType()) {
            case "user_prompt", "assistant", "reasoning", "output", "stderr" -> p.path("text").asText();
            case "tool_call" -> p.path("name").asText() + " " + p.path("input");
            case "tool_result" -> (p.path("is_error").asBoolean() ? "error: " : "") + outputText(p.path("output"));
            case "error" -> p.path("kind").asText() + ": " + p.path("message").asText();
            case "usage" -> p.path("usage").toString();
            default -> p.toString();
        };
        return "#" + row.sequence() + " " + row.rowType() + "  " + shorten(text);
    }

    private static String outputText(JsonNode output) {
        return output.isTextual() ? output.asText() : output.toString();
    }

    /** One line, at most {@value #MAX_CHARS} characters: the whole row is in {@code --json}. */
    private static String shorten(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ⏎ ");
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS - 1) + "…";
    }

    private static JsonNode payload(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            return Json.mapper().getNodeFactory().textNode(json);
        }
    }
}
