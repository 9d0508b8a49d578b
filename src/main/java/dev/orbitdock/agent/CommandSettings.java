package dev.orbitdock.agent;

import dev.orbitdock.common.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code agent.command} section of MISSION.md: {@code run} (a shell string for {@code sh -c}, or an argv
 * array), {@code env} (object of strings) and {@code timeout} (default {@code 1h}).
 */
record CommandSettings(List<String> command, boolean shell, Map<String, String> env, Duration timeout) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
    private static final String HINT = "set agent.command.run in MISSION.md, e.g. run: ./agent.sh";

    static CommandSettings from(JsonNode settings) {
        JsonNode run = settings.path("run");
        List<String> command = new ArrayList<>();
        boolean shell;
        if (run.isTextual() && !run.asText().isBlank()) {
            command.add(run.asText());
            shell = true;
        } else if (run.isArray() && !run.isEmpty()) {
            for (JsonNode arg : run) {
                if (!arg.isValueNode() || arg.isNull()) {
                    throw invalid("agent.command.run must hold only strings, got " + arg);
                }
                command.add(arg.asText());
            }
            shell = false;
        } else {
            throw invalid(run.isMissingNode() || run.isNull() ? "agent.command.run is not set"
                    : "agent.command.run must be a command string or a non-empty array of arguments, got " + run);
        }
        return new CommandSettings(List.copyOf(command), shell, env(settings.path("env")),
                timeout(settings.path("timeout")));
    }

    private static Map<String, String> env(JsonNode env) {
        Map<String, String> values = new LinkedHashMap<>();
        if (env.isMissingNode() || env.isNull()) {
            return values;
        }
        if (!env.isObject()) {
            throw invalid("agent.command.env must be an object of strings, got " + env);
        }
        for (var field : env.properties()) {
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw invalid("agent.command.env." + field.getKey() + " must be a string, got " + value);
            }
            values.put(field.getKey(), value.asText());
        }
        return values;
    }

    private static Duration timeout(JsonNode timeout) {
        if (timeout.isMissingNode() || timeout.isNull()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Durations.parsePositive(timeout.asText());
        } catch (IllegalArgumentException e) {
            throw invalid("agent.command.timeout: " + e.getMessage());
        }
    }

    private static AgentStartException invalid(String message) {
        return new AgentStartException(message, HINT, null);
    }
}
