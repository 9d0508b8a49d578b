package dev.orbitdock.workspace.daytona;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What OrbitDock reads of a Daytona {@code Sandbox} (or {@code SandboxListItem}): the rest of the response is
 * ignored, so fields Daytona adds later do not break us.
 */
public record Sandbox(String id, String state, String errorReason, String toolboxProxyUrl, Map<String, String> labels) {
    public static final String STARTED = "started";

    public Sandbox {
        labels = Map.copyOf(labels);
    }

    static Sandbox of(JsonNode json) {
        Map<String, String> labels = new LinkedHashMap<>();
        json.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new Sandbox(json.path("id").asText(), text(json, "state"), text(json, "errorReason"),
                text(json, "toolboxProxyUrl"), labels);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    /** States from which the sandbox will never start by itself. */
    public boolean failed() {
        return "error".equals(state) || "build_failed".equals(state);
    }

    /** On its way to {@code started} without being asked again. */
    public boolean starting() {
        return switch (state == null ? "" : state) {
            case "creating", "starting", "restoring", "resuming", "pending_build", "building_snapshot",
                 "pulling_snapshot" -> true;
            default -> false;
        };
    }

    public boolean gone() {
        return "destroyed".equals(state) || "destroying".equals(state);
    }
}
