package dev.orbitdock.agent;

/**
 * Turns an agent process's output lines into session rows. Called from one reader thread per stream, never after
 * the session has ended; an exception is logged and the line skipped, so a bad line never stops the reading.
 */
interface OutputHandler {
    /** The session row exists and no output has been read yet: the place for rows that come first. */
    default void started() {}

    void stdout(String line);

    void stderr(String line);
}
