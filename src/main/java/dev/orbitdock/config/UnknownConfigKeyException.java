package dev.orbitdock.config;

import dev.orbitdock.common.OrbitDockException;
import java.util.List;

/** A config key that is not in {@link ConfigKeys}. */
public final class UnknownConfigKeyException extends OrbitDockException {
    private final List<String> validKeys;

    UnknownConfigKeyException(String name, List<String> validKeys) {
        super("unknown_config_key", "Unknown config key '" + name + "'",
                "valid keys: " + String.join(", ", validKeys));
        this.validKeys = validKeys;
    }

    public List<String> validKeys() {
        return validKeys;
    }
}
