package dev.orbitdock.http;

import java.util.List;

/** {@code GET /api/sessions}. */
record SessionList(List<SessionSummary> sessions) {}
