package dev.orbitdock.workspace;

/** POSIX shell quoting for commands and files sent to a remote machine. */
public final class ShellQuote {
    private ShellQuote() {}

    /** {@code it's} → {@code 'it'\''s'}: safe as one word in any POSIX shell. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
