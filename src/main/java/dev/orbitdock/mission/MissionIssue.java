package dev.orbitdock.mission;

import java.time.Instant;

/** A row of {@code mission_issues}: one tracker issue as the orchestrator tracks it. */
public record MissionIssue(String id, String missionId, String trackerIssueId, String identifier, String title,
                           String url, OrchestrationState state, int attempt, String workspaceId, String sessionId,
                           Instant retryDueAt, String lastError, String prUrl, int priority,
                           Instant trackerCreatedAt, Instant createdAt, Instant updatedAt) {}
