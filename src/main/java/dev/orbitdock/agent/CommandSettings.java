package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code agent.command} section of MISSION.md: {@code run} (a shell string for {@code sh -c}, or an argv
 * array), {@code env} (object of strings) and {@code timeout} (default {@code 1h}).
 */
record CommandSettings(List<String> command, boolean shell, Map<String, String> env, Duration timeout) {
    static final Duration DEFAULT_TIMEOUT = AgentSettings.DEFAULT_TIMEOUT;
    private static final String HINT = "set agent.command.run in MISSION.md, e.g. run: ./agent.sh";

    static CommandSettings from(JsonNode section) {
        AgentSettings settings = new AgentSettings(section, CommandAgent.KIND, HINT);
        JsonNode run = section.path("run");
        boolean shell = run.isTextual();
        List<String> command;
        if (shell && !run.asText().isBlank()) {
            command = List.of(run.asText());
        } else if (run.isArray() && !run.isEmpty()) {
            command = settings.strings("run");
        } else {
            throw settings.invalid(run.isMissingNode() || run.isNull() ? "run is not set"
                    : "run must be a command string or a non-empty array of arguments, got " + run);
        }
        return new CommandSettings(List.copyOf(command), shell, settings.stringMap("env"), settings.timeout());
    }
}
