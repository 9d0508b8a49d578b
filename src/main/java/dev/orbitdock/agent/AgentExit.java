package dev.orbitdock.agent;

/** How an agent run ended: its exit status, whether we killed it, and a one-line reason for people. */
public record AgentExit(int exitCode, boolean killed, String reason) {
    public boolean succeeded() {
        return exitCode == 0 && !killed;
    }
}
