package dev.orbitdock.http;

import java.time.Instant;

/** {@code GET /api/sessions/{id}}: the summary's fields, the rest of the session row and its token usage. */
public record SessionDetail(String id, String provider, String status, String workspaceId, String missionIssueId,
                     String model, String title, String cwd, String externalSessionId, Instant startedAt,
                     Instant lastActivityAt, Instant lastProgressAt, Instant endedAt, String endReason, long rows,
                     TokenTotals usage) {}
