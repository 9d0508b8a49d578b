package dev.orbitdock.cli.init;

/** Ctrl-C or end of input during the wizard: the caller saves nothing. */
public final class InitAborted extends RuntimeException {
    public InitAborted() {
        super("aborted", null, false, false); // an expected outcome: no stack trace needed
    }
}
