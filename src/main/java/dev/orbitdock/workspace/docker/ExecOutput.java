package dev.orbitdock.workspace.docker;

/** What an exec did: its exit code (from exec inspect) and its demultiplexed standard output and error. */
public record ExecOutput(int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** The most useful one line of why it failed: stderr's last line, else stdout's, else the status. */
    public String reason() {
        String text = !stderr.isBlank() ? stderr : stdout;
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        return last.isEmpty() ? "exit status " + exitCode : last;
    }
}
