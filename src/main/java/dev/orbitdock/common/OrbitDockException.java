package dev.orbitdock.common;

/**
 * A failure the user can act on: a one-line cause, a machine-readable code and a hint.
 * The CLI prints it without a stack trace; the HTTP layer maps it to a JSON error body.
 */
public class OrbitDockException extends RuntimeException {
    private final String code;
    private final String hint;

    public OrbitDockException(String code, String message, String hint) {
        this(code, message, hint, null);
    }

    public OrbitDockException(String code, String message, String hint, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.hint = hint;
    }

    public String code() {
        return code;
    }

    /** What the user can do about it, or null when there is nothing useful to say. */
    public String hint() {
        return hint;
    }
}
