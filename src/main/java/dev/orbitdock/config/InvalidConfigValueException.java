package dev.orbitdock.config;

import dev.orbitdock.common.OrbitDockException;

/** A value that does not fit its key's type; nothing was stored. */
public final class InvalidConfigValueException extends OrbitDockException {
    InvalidConfigValueException(ConfigKey key, String problem, String source) {
        super("invalid_config_value", key.name() + (source == null ? "" : " (from " + source + ")") + " " + problem,
                key.name() + ": " + key.description() + " (" + key.typeLabel() + ")");
    }
}
