package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code agent.codex} section of MISSION.md (every key optional): {@code executable} (default {@code codex}),
 * {@code model}, {@code sandbox} (default {@code workspace-write}; codex keeps {@code .git} read-only there, so an
 * agent that commits needs {@code danger-full-access}), {@code approval_policy} (default {@code never}: headless,
 * nobody answers), {@code config} (codex settings as {@code -c key=value} overrides, values in TOML, e.g. MCP
 * servers), {@code env} and {@code timeout} (default 1h).
 */
record CodexSettings(String executable, String model, String sandbox, String approvalPolicy,
                     Map<String, String> config, Map<String, String> env, Duration timeout) {
    static final List<String> SANDBOXES = List.of("read-only", "workspace-write", "danger-full-access");
    static final List<String> APPROVAL_POLICIES = List.of("untrusted", "on-failure", "on-request", "never");

    static CodexSettings from(JsonNode section) {
        AgentSettings s = new AgentSettings(section, CodexAgent.KIND, "fix agent.codex in MISSION.md");
        String executable = s.text("executable");
        return new CodexSettings(executable == null ? "codex" : executable, s.text("model"),
                s.choice("sandbox", SANDBOXES, "workspace-write"),
                s.choice("approval_policy", APPROVAL_POLICIES, "never"), s.stringMap("config"), s.stringMap("env"),
                s.timeout());
    }
}
