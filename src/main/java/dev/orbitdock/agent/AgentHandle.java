package dev.orbitdock.agent;

import java.util.concurrent.CompletableFuture;

/** A running agent. */
public interface AgentHandle {
    /** OS process id, for re-adoption after a restart (pid files). */
    long pid();

    /** Completes once the agent has exited and its output is recorded. */
    CompletableFuture<AgentExit> exit();

    /** Ends the agent and its child processes (TERM, then KILL after a grace period). */
    void kill();
}
