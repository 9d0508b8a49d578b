package dev.orbitdock.agent;

/**
 * The conversation row types of the claude and codex agents, the same for both CLIs (docs/agents.md lists each
 * one's payload). {@code progress} says whether the row shows the agent getting on with the work, which is what
 * stall detection watches ({@code last_progress_at}).
 */
public enum RowType {
    USER_PROMPT("user_prompt", false),
    SYSTEM("system", false),
    ASSISTANT("assistant", true),
    REASONING("reasoning", true),
    TOOL_CALL("tool_call", true),
    TOOL_RESULT("tool_result", true),
    USAGE("usage", false),
    ERROR("error", false),
    RAW("raw", false);

    private final String wire;
    private final boolean progress;

    RowType(String wire, boolean progress) {
        this.wire = wire;
        this.progress = progress;
    }

    /** The {@code row_type} stored and served. */
    public String wire() {
        return wire;
    }

    public boolean progress() {
        return progress;
    }
}
