package dev.orbitdock.testing;

/** One answer of the {@link ScriptedModelServer}: what the model "says" at one point of the conversation. */
public sealed interface ModelStep {
    /** A final text answer. */
    record Text(String text) implements ModelStep {}

    /** A call of the CLI's shell tool (Claude Code's Bash, Codex's exec_command) running {@code command}. */
    record Shell(String command) implements ModelStep {}

    /**
     * A call of the tool Claude Code knows as {@code name} (e.g. an MCP server's tool) with this JSON input. Codex
     * 0.169 offers MCP tools as a namespace and refused every function call shape tried for them, so its half of
     * the server serves no such step.
     */
    record Tool(String name, String inputJson) implements ModelStep {}

    /** The API refuses the request with this HTTP status and message (a 4xx is not retried by the CLIs). */
    record Fail(int status, String message) implements ModelStep {}
}
