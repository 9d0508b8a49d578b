package dev.orbitdock.http;

import java.util.List;

/** {@code GET /api/sessions/{id}/rows}. */
record ConversationRows(List<ConversationRow> rows) {}
