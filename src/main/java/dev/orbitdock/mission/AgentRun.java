package dev.orbitdock.mission;

import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.workspace.Workspace;
import java.util.concurrent.atomic.AtomicBoolean;

/** An agent the orchestrator started and still watches, with what its end needs (config, tracker, workspace). */
record AgentRun(MissionIssue issue, Workspace workspace, AgentHandle handle, MissionConfig config, Tracker tracker,
                AtomicBoolean ended) {

    AgentRun(MissionIssue issue, Workspace workspace, AgentHandle handle, MissionConfig config, Tracker tracker) {
        this(issue, workspace, handle, config, tracker, new AtomicBoolean());
    }

    /**
     * Whoever claims the end first decides the issue's fate: the agent's exit, or the orchestrator (stall,
     * reconciliation, shutdown). Claimed before any state change, so the two can never both act.
     */
    boolean claimEnd() {
        return ended.compareAndSet(false, true);
    }
}
