package dev.orbitdock.http;

/** {@code GET /health}. */
record HealthResponse(String status, String version) {}
