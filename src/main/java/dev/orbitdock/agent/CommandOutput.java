package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import java.io.IOException;

/**
 * The command agent's rows: a stdout line that is a JSON object becomes an {@code event} row holding it, any other
 * an {@code output} row ({@code {"text": …}}); stderr lines become {@code stderr} rows. Every line counts as
 * progress, since an arbitrary command says nothing more precise.
 */
record CommandOutput(SessionRecorder recorder, String sessionId) implements OutputHandler {
    @Override
    public void stdout(String line) {
        ObjectNode event = jsonObject(line);
        if (event != null) {
            recorder.row(sessionId, null, "event", event);
        } else {
            recorder.row(sessionId, null, "output", text(line));
        }
        recorder.progress(sessionId);
    }

    @Override
    public void stderr(String line) {
        recorder.row(sessionId, null, "stderr", text(line));
        recorder.progress(sessionId);
    }

    static ObjectNode text(String line) {
        return JsonNodeFactory.instance.objectNode().put("text", line);
    }

    private static ObjectNode jsonObject(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(trimmed);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }
}
