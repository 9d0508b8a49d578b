package dev.orbitdock.store;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.Objects;

/** Mutations of {@code config}. Secret values arrive here already encrypted. */
public sealed interface ConfigCommand extends PersistCommand {
    String key();

    @JsonTypeName("config.set")
    record Set(String key, String value, Instant at) implements ConfigCommand {
        public Set {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return "ConfigCommand.Set[key=" + key + ", value=<" + value.length() + " chars>, at=" + at + "]";
        }
    }

    @JsonTypeName("config.unset")
    record Unset(String key) implements ConfigCommand {
        public Unset {
            Objects.requireNonNull(key, "key");
        }
    }
}
