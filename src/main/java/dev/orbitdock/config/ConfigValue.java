package dev.orbitdock.config;

/** A resolved setting: its plain value (null when unset) and where it came from. */
public record ConfigValue(ConfigKey key, String value, ConfigSource source) {

    public boolean isSet() {
        return value != null;
    }

    /** What to show a person: secrets masked unless {@code reveal}. */
    public String display(boolean reveal) {
        if (value == null) {
            return "";
        }
        return key.secret() && !reveal ? mask(value) : value;
    }

    /** Enough to tell two keys apart, never enough to use one. */
    static String mask(String secret) {
        return secret.length() < 12 ? "********" : "********" + secret.substring(secret.length() - 4);
    }

    @Override
    public String toString() {
        return "ConfigValue[" + key.name() + "=" + display(false) + " from " + source + "]";
    }
}
