package dev.orbitdock.workspace;

import java.time.Instant;

/**
 * A workspace as {@code workspace list|show}, {@code GET /api/workspaces} and the dashboard show it, with its
 * replication health. {@code missionId} and {@code issueIdentifier} name the issue it works on; {@code path} is a
 * local worktree's folder and {@code consoleUrl} a remote provider's console page, when the provider recorded them.
 */
public record WorkspaceView(String id, String provider, String status, String missionIssueId, String missionId,
                            String issueIdentifier, String sessionId, String externalId, String repoUrl, String branch,
                            String path, String consoleUrl, String lastError, Instant createdAt, Instant readyAt,
                            Instant destroyedAt, Sync sync) {

    /**
     * @param ackedThrough  the highest sequence applied here
     * @param generation    the newest managed instance start the control plane issued or saw
     * @param outboxDepth   rows the workspace still held when it last sent
     * @param lagMillis     age of the newest command on arrival (0 once the workspace reported an empty outbox)
     * @param heartbeatAgeSeconds null until the first sync request
     */
    public record Sync(long ackedThrough, long generation, long outboxDepth, long lagMillis, Instant lastHeartbeatAt,
                       Long heartbeatAgeSeconds) {}
}
