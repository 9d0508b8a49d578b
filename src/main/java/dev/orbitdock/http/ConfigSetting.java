package dev.orbitdock.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orbitdock.config.ConfigValue;
import java.util.List;
import java.util.Locale;

/**
 * One setting as the API shows it. {@code value} is masked for secrets, always: the API is write-only for them.
 * {@code value} is null when the setting is unset.
 */
record ConfigSetting(String key, String value, String source, boolean secret, String type, String description,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> choices) {

    static ConfigSetting of(ConfigValue value) {
        return new ConfigSetting(value.key().name(), value.isSet() ? value.display(false) : null,
                value.source().name().toLowerCase(Locale.ROOT), value.key().secret(),
                value.key().type().name().toLowerCase(Locale.ROOT), value.key().description(), value.key().choices());
    }
}
