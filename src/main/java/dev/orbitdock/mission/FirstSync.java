package dev.orbitdock.mission;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.workspace.DetachedInstance;
import dev.orbitdock.workspace.StepDeadline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code connected} provisioning step: a started managed instance counts as running only once the control
 * plane has heard from it. An instance that cannot reach the sync URL would otherwise look busy until the stall
 * timeout; here it fails within {@code workspace_connect_timeout}, with the end of its own log when the provider
 * can read it.
 */
final class FirstSync {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int LOG_LINES = 20;

    private final MissionQueries queries;

    FirstSync(MissionQueries queries) {
        this.queries = queries;
    }

    /** The workspace's instance never reached the control plane; the message says why as far as is known. */
    static final class NotConnected extends RuntimeException {
        NotConnected(String message) {
            super(message);
        }
    }

    /**
     * Returns once the workspace's first sync request has arrived.
     *
     * @throws NotConnected when the step's deadline passes first or the instance ends without having synced
     */
    void await(String workspaceId, AgentHandle instance, String syncUrl, StepDeadline deadline) {
        while (!queries.synced(workspaceId)) {
            CompletableFuture<AgentExit> exit = instance.exit();
            if (exit.isDone()) {
                if (queries.synced(workspaceId)) {
                    return; // it synced, and ended, between the two reads
                }
                String how = exit.isCompletedExceptionally() ? "without a status" : exit.join().reason();
                throw notConnected("the managed instance ended (" + how + ") before it reached the sync URL "
                        + syncUrl, instance);
            }
            if (deadline.passed()) {
                throw notConnected("the workspace could not reach the sync URL " + syncUrl + " within "
                        + deadline.limit().toSeconds() + " s (workspace_connect_timeout; is public_server_url reachable from"
                        + " the workspace?)", instance);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotConnected("interrupted while waiting for the workspace's first sync");
            }
        }
    }

    private static NotConnected notConnected(String cause, AgentHandle instance) {
        String tail = instance instanceof DetachedInstance detached ? detached.logTail(LOG_LINES) : "";
        return new NotConnected(tail.isEmpty() ? cause : cause + "; the managed instance's log ends with:\n" + tail);
    }
}
