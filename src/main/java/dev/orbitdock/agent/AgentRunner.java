package dev.orbitdock.agent;

/** Starts one kind of agent and records its session through the store. Registered in {@link AgentRunners}. */
public interface AgentRunner {
    /** {@code command}, {@code claude}, {@code codex}. */
    String kind();

    /** @throws AgentStartException when the agent cannot be started (missing executable, bad settings) */
    AgentHandle start(AgentLaunch launch);
}
