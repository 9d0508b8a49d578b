package dev.orbitdock.http;

import java.util.Map;

/**
 * A failure with a fixed HTTP status, raised by the HTTP layer itself (auth, request parsing, missing rows).
 * {@code extra} holds additional top-level fields of the error body.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String hint;
    private final Map<String, Object> extra;

    ApiException(int status, String code, String message) {
        this(status, code, message, null, Map.of());
    }

    ApiException(int status, String code, String message, String hint, Map<String, Object> extra) {
        super(message, null, false, false); // expected outcomes: a stack trace would only cost time
        this.status = status;
        this.code = code;
        this.hint = hint;
        this.extra = Map.copyOf(extra);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String hint() {
        return hint;
    }

    Map<String, Object> extra() {
        return extra;
    }
}
