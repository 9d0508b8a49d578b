package dev.orbitdock.http;

import java.time.Instant;

/**
 * {@code GET /api/workspaces/{id}}: where an issue's agent runs. {@code path} is a local worktree's folder;
 * {@code consoleUrl} is a remote provider's console page, when the provider recorded one.
 */
record WorkspaceView(String id, String missionIssueId, String sessionId, String provider, String externalId,
                     String repoUrl, String branch, String status, String path, String consoleUrl, String lastError,
                     long syncAckedThrough, Instant lastHeartbeatAt, Instant createdAt, Instant readyAt,
                     Instant destroyedAt) {}
