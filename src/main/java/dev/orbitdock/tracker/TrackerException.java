package dev.orbitdock.tracker;

import java.time.Duration;

/** A tracker call that failed; the subtype says whether retrying can help. */
public sealed class TrackerException extends RuntimeException
        permits TrackerException.RateLimited, TrackerException.AuthFailed, TrackerException.Unavailable,
                TrackerException.Invalid {

    TrackerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** 429, or 403 with rate-limit headers: wait {@code retryAfter}, then retry. */
    public static final class RateLimited extends TrackerException {
        private final Duration retryAfter;

        public RateLimited(String message, Duration retryAfter) {
            super(message, null);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Credentials missing, wrong or lacking permission: retrying will not help until the user acts. */
    public static final class AuthFailed extends TrackerException {
        public AuthFailed(String message) {
            super(message, null);
        }
    }

    /** Timeouts, connection failures, 5xx, unparseable responses: transient as far as we can tell. */
    public static final class Unavailable extends TrackerException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The request itself is wrong (unknown state name, bad filter): fix the MISSION.md. */
    public static final class Invalid extends TrackerException {
        public Invalid(String message) {
            super(message, null);
        }
    }
}
