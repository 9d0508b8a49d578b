package dev.orbitdock.testing;

/** One answer of the {@link ScriptedModelServer}: what the model "says" at one point of the conversation. */
public sealed interface ModelStep {
    /** A final text answer. */
    record Text(String text) implements ModelStep {}

    /** A call of the CLI's shell tool (Claude Code's Bash, Codex's exec_command) running {@code command}. */
    record Shell(String command) implements ModelStep {}

    /**
     * A call of an MCP server's tool, named as Claude Code knows it ({@code mcp__<server>__<tool>}), with this JSON
     * input; to Codex it is the function {@code <tool>} in the namespace {@code mcp__<server>}.
     */
    record Tool(String name, String inputJson) implements ModelStep {}

    /**
     * Codex's {@code tool_search} for {@code query}: Codex 0.169 offers MCP tools to the models it knows as
     * deferred tools, which the model loads by searching before it may call them. Codex only.
     */
    record ToolSearch(String query) implements ModelStep {}

    /** The API refuses the request with this HTTP status and message (a 4xx is not retried by the CLIs). */
    record Fail(int status, String message) implements ModelStep {}
}
