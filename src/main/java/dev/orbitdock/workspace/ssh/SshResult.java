package dev.orbitdock.workspace.ssh;

/** What a remote command did; outputs keep their last {@link SshConnector#TAIL_BYTES} bytes. */
public record SshResult(int exitCode, boolean timedOut, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** The most useful one line of why it failed: stderr's last line, else stdout's, else the status. */
    public String reason() {
        String text = !stderr.isBlank() ? stderr : stdout;
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        return timedOut ? "timed out" : last.isEmpty() ? "exit status " + exitCode : last;
    }
}
