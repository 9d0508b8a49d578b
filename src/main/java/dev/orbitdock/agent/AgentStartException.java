package dev.orbitdock.agent;

import dev.orbitdock.common.OrbitDockException;

/** The agent could not be started; the message is the real cause (shown in {@code last_error}). */
public final class AgentStartException extends OrbitDockException {
    public AgentStartException(String message, String hint, Throwable cause) {
        super("agent_start_failed", message, hint, cause);
    }
}
