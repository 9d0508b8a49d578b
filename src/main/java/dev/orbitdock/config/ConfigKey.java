package dev.orbitdock.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** One setting: its name, type, whether it is secret, what it means and its default (null when none). */
public record ConfigKey(String name, ValueType type, String description, String defaultValue, List<String> choices) {
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
        if (defaultValue != null && type.problem(defaultValue, choices).isPresent()) {
            throw new IllegalArgumentException("default of " + name + " is invalid");
        }
    }

    public boolean secret() {
        return type == ValueType.SECRET;
    }

    /** {@code bind} → {@code ORBITDOCK_BIND}. */
    public String envVar() {
        return "ORBITDOCK_" + name.toUpperCase(Locale.ROOT);
    }

    public Optional<String> problem(String value) {
        return type.problem(value, choices);
    }

    /** The type as shown to users: {@code host:port}, {@code one of local, daytona}. */
    public String typeLabel() {
        return type == ValueType.CHOICE ? "one of " + String.join(", ", choices) : type.label();
    }
}
