package dev.orbitdock.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.util.List;

/** One line per normalised event, short enough to list a whole recorded session in a test table. */
final class AgentEventSummary {
    private AgentEventSummary() {}

    static List<String> ofFixture(String resource, AgentEventMapper mapper) {
        return fixture(resource).lines().flatMap(line -> mapper.map(line).stream()).map(AgentEventSummary::of)
                .toList();
    }

    static String fixture(String resource) {
        try (InputStream in = AgentEventSummary.class.getResourceAsStream("/agent/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String of(AgentEvent event) {
        return switch (event) {
            case AgentEvent.Row row -> row.type().wire() + (row.key() == null ? "" : "#" + row.key()) + " "
                    + detail(row);
            case AgentEvent.Usage u -> "tokens " + u.model() + " in=" + u.inputTokens() + " out=" + u.outputTokens()
                    + " cached=" + u.cachedInputTokens() + " usd=" + u.costUsd().stripTrailingZeros().toPlainString();
            case AgentEvent.SessionStarted s -> "session " + (s.externalSessionId() != null) + " " + s.model();
            case AgentEvent.Status s -> "status " + s.status();
        };
    }

    private static String detail(AgentEvent.Row row) {
        var p = row.payload();
        return switch (row.type()) {
            case USER_PROMPT, ASSISTANT, REASONING -> p.path("text").asText();
            case TOOL_CALL -> p.path("name").asText() + " " + p.path("input");
            case TOOL_RESULT -> "error=" + p.path("is_error").asBoolean() + " " + p.path("output");
            case ERROR -> p.path("kind").asText() + ": " + p.path("message").asText();
            case SYSTEM -> p.path("subtype").asText();
            case USAGE -> "";
            case RAW -> p.has("line") ? "line " + p.path("line").asText() : "event " + p.path("event").path("type");
        };
    }
}
