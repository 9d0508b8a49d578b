package dev.orbitdock.store;

/** A command that cannot apply to the current rows (unknown id, duplicate id); nothing of it was written. */
public final class CommandRejectedException extends RuntimeException {
    public CommandRejectedException(String message) {
        super(message);
    }

    public CommandRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
