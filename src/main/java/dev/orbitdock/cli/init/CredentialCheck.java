package dev.orbitdock.cli.init;

import dev.orbitdock.config.ConfigKey;
import java.util.Map;

/**
 * Asks the service behind a credential whether it takes it (a cheap read such as "who am I"), so the wizard can
 * show the service's own words while the person is still there to re-enter it.
 */
public interface CredentialCheck {
    /** What the service said. */
    sealed interface Verdict {
        /** @param detail who the key belongs to, when the service says */
        record Accepted(String detail) implements Verdict {}

        /** The service refused the key; {@code message} is its own. */
        record Rejected(String message) implements Verdict {}

        /** No answer (offline, timeout, an unexpected status): nothing is known about the key. */
        record Unreachable(String message) implements Verdict {}
    }

    CredentialCheck NONE = new CredentialCheck() {
        @Override
        public boolean covers(ConfigKey key) {
            return false;
        }

        @Override
        public Verdict check(ConfigKey key, String value, Map<String, String> answers) {
            throw new IllegalArgumentException("no check for " + key.name());
        }
    };

    /** Whether {@code key} has a cheap check. */
    boolean covers(ConfigKey key);

    /** @param answers what the wizard collected so far (e.g. the API URL a key belongs to) */
    Verdict check(ConfigKey key, String value, Map<String, String> answers);
}
