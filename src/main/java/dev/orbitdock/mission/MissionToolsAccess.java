package dev.orbitdock.mission;

import dev.orbitdock.agent.McpServer;
import java.util.Map;

/**
 * How an agent run reaches the mission tools of its issue: the composition root issues a token scoped to that
 * issue (this package may not reach {@code auth}) and says how to start {@code orbitdock mcp-mission-tools}.
 */
@FunctionalInterface
public interface MissionToolsAccess {
    /** No mission tools: agents run without the MCP server (no API server to reach, e.g. in tests). */
    MissionToolsAccess NONE = issue -> null;

    /** Access for one run of this issue, or null when there is none; the caller closes it when the run ends. */
    Grant open(MissionIssue issue);

    /**
     * Access for one run of this issue on a remote workspace, or null when there is none: only the token, in
     * {@code env} for the managed instance there, which starts its own server reaching the control plane at the URL
     * it syncs to. The caller closes it when the run ends.
     */
    default Grant openRemote(MissionIssue issue) {
        return null;
    }

    /**
     * Revokes every token this issue's runs were granted: the end of a remote run re-adopted after a restart,
     * whose grant was lost with the previous process.
     */
    default void revokeAll(MissionIssue issue) {
    }

    /**
     * The server to hand to the agent (null for a remote run: the managed instance names its own), the environment
     * it needs (the token among it) and how to revoke it.
     */
    record Grant(McpServer server, Map<String, String> env, Runnable revoke) implements AutoCloseable {
        public Grant {
            env = Map.copyOf(env);
        }

        @Override
        public void close() {
            revoke.run();
        }

        @Override
        public String toString() {
            return "Grant[" + (server == null ? "remote" : server.name()) + ", env keys=" + env.keySet() + "]";
        }
    }
}
