package dev.orbitdock.http;

import java.time.Instant;

/** A session in {@code GET /api/sessions}; {@code rows} counts its conversation rows. */
public record SessionSummary(String id, String provider, String status, String workspaceId, String missionIssueId,
                      String model, String title, Instant startedAt, Instant endedAt, long rows) {}
