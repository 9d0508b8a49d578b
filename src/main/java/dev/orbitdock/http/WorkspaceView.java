package dev.orbitdock.http;

import java.time.Instant;

/**
 * A workspace as {@code /api/workspaces} shows it: where an issue's agent runs, and how its sync is doing.
 * {@code path} is a local worktree's folder; {@code consoleUrl} is a remote provider's console page, when the
 * provider recorded one; {@code missionId} and {@code issueIdentifier} name the issue it works on.
 */
record WorkspaceView(String id, String missionIssueId, String missionId, String issueIdentifier, String sessionId,
                     String provider, String externalId, String repoUrl, String branch, String status, String path,
                     String consoleUrl, String lastError, long syncAckedThrough, long syncGeneration,
                     Instant lastHeartbeatAt, Instant createdAt, Instant readyAt, Instant destroyedAt) {}
