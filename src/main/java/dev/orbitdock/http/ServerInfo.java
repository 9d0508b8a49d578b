package dev.orbitdock.http;

import java.time.Instant;

/** {@code GET /api/server}. */
record ServerInfo(String version, String bind, Instant startedAt, long uptimeSeconds, String dataFile) {}
