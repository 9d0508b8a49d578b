package dev.orbitdock.http;

/** {@code PUT /api/config/{key}} body. */
record SetConfigRequest(String value) {}
