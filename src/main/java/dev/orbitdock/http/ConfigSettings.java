package dev.orbitdock.http;

import java.util.List;

/** {@code GET /api/config}. */
record ConfigSettings(List<ConfigSetting> settings) {}
