package dev.orbitdock.mission;

/**
 * Reads a replicated session's end. The session recorder stores the agent's exit as its {@code end_reason}; a
 * clean exit reads {@code exited with status 0}, anything else (a non-zero status, a kill, an interruption) is a
 * failure whose reason is shown as it is.
 */
final class RemoteSessionEnd {
    private static final String CLEAN_EXIT = "exited with status 0";

    private RemoteSessionEnd() {}

    static boolean succeeded(String endReason) {
        return CLEAN_EXIT.equals(endReason);
    }
}
