package dev.orbitdock.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the claude and codex agents put on the command line for their MISSION.md settings. */
class CliCommandLineTest {
    private static final Path WORKDIR = Path.of("/workspace");

    @Test
    void claudeDefaultsToHeadlessStreamJsonWithAcceptEdits() throws Exception {
        assertThat(ClaudeAgent.argv("claude", ClaudeSettings.from(json("{}")), launch(null))).containsExactly(
                "claude", "-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits");
    }

    @Test
    void claudeTakesEverySettingAndResumes() throws Exception {
        ClaudeSettings settings = ClaudeSettings.from(json("""
                {"model": "opus", "permission_mode": "plan", "allowed_tools": ["Bash(git *)", "Edit"],
                 "disallowed_tools": "WebFetch", "mcp_config": ".mcp.json", "append_system_prompt": "Be brief."}"""));

        assertThat(ClaudeAgent.argv("claude", settings, launch("abc-123"))).containsExactly("claude", "-p",
                "--output-format", "stream-json", "--verbose", "--permission-mode", "plan", "--model", "opus",
                "--mcp-config", "/workspace/.mcp.json", "--append-system-prompt", "Be brief.", "--resume", "abc-123",
                "--allowedTools", "Bash(git *)", "Edit", "--disallowedTools", "WebFetch");
    }

    @Test
    void codexDefaultsToWorkspaceWriteWithoutApprovalsReadingStdin() throws Exception {
        assertThat(CodexAgent.argv("codex", CodexSettings.from(json("{}")), launch(null))).containsExactly("codex",
                "exec", "--json", "--sandbox", "workspace-write", "-c", "approval_policy=\"never\"", "-");
    }

    @Test
    void codexTakesEverySettingAndResumes() throws Exception {
        CodexSettings settings = CodexSettings.from(json("""
                {"model": "gpt-5.5", "sandbox": "danger-full-access", "approval_policy": "on-failure",
                 "config": {"model_reasoning_effort": "\\"high\\"", "mcp_servers.tracker.command": "\\"orbitdock\\""}}"""));

        assertThat(CodexAgent.argv("codex", settings, launch("019a-thread"))).containsExactly("codex", "exec",
                "--json", "--sandbox", "danger-full-access", "-c", "approval_policy=\"on-failure\"", "--model",
                "gpt-5.5", "-c", "model_reasoning_effort=\"high\"", "-c", "mcp_servers.tracker.command=\"orbitdock\"",
                "resume", "019a-thread", "-");
    }

    @Test
    void invalidSettingsNameTheKey() {
        assertThatThrownBy(() -> ClaudeSettings.from(json("{\"permission_mode\": \"yolo\"}")))
                .isInstanceOf(AgentStartException.class)
                .hasMessageStartingWith("agent.claude.permission_mode must be one of acceptEdits");
        assertThatThrownBy(() -> CodexSettings.from(json("{\"sandbox\": \"none\"}")))
                .isInstanceOf(AgentStartException.class).hasMessageStartingWith("agent.codex.sandbox must be one of");
        assertThatThrownBy(() -> ClaudeSettings.from(json("{\"allowed_tools\": {\"a\": 1}}")))
                .isInstanceOf(AgentStartException.class)
                .hasMessage("agent.claude.allowed_tools must be a list of strings, got {\"a\":1}");
        assertThatThrownBy(() -> CodexSettings.from(json("{\"timeout\": \"soon\"}")))
                .isInstanceOf(AgentStartException.class).hasMessageStartingWith("agent.codex.timeout:");
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static AgentLaunch launch(String resume) throws Exception {
        return new AgentLaunch("claude", "s1", null, null, WORKDIR, WORKDIR.resolve("prompt.md"), Map.of(),
                json("{}"), resume);
    }
}
