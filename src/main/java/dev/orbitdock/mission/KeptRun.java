package dev.orbitdock.mission;

/**
 * An earlier run of an issue whose worktree was kept: a retry continues in it, and with the same agent resumes
 * that agent's own session ({@code agentSessionId}: Claude Code's session, Codex's thread; null when none was
 * recorded).
 */
record KeptRun(WorkspaceRecord workspace, String agentKind, String agentSessionId) {
    /** The session to resume for this agent: only its own kind's id means anything to it. */
    String resumableBy(String agent) {
        return agent.equals(agentKind) ? agentSessionId : null;
    }
}
