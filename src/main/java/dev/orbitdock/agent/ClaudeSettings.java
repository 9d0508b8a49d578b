package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code agent.claude} section of MISSION.md (every key optional): {@code executable} (default {@code claude}),
 * {@code model}, {@code permission_mode} (default {@code acceptEdits}: headless, nobody answers a prompt, and
 * Claude Code refuses {@code bypassPermissions} as root), {@code allowed_tools}, {@code disallowed_tools},
 * {@code mcp_config} (a file, relative to the workspace), {@code append_system_prompt}, {@code env} and
 * {@code timeout} (default 1h).
 */
record ClaudeSettings(String executable, String model, String permissionMode, List<String> allowedTools,
                      List<String> disallowedTools, String mcpConfig, String appendSystemPrompt,
                      Map<String, String> env, Duration timeout) {
    static final List<String> PERMISSION_MODES =
            List.of("acceptEdits", "auto", "bypassPermissions", "manual", "dontAsk", "plan");

    static ClaudeSettings from(JsonNode section) {
        AgentSettings s = new AgentSettings(section, ClaudeAgent.KIND, "fix agent.claude in MISSION.md");
        String executable = s.text("executable");
        return new ClaudeSettings(executable == null ? "claude" : executable, s.text("model"),
                s.choice("permission_mode", PERMISSION_MODES, "acceptEdits"), s.strings("allowed_tools"),
                s.strings("disallowed_tools"), s.text("mcp_config"), s.text("append_system_prompt"),
                s.stringMap("env"), s.timeout());
    }
}
