package dev.orbitdock.workspace.daytona;

/** A toolbox {@code ExecuteResponse}: the exit code and the command's combined output ({@code result}). */
public record ExecResult(int exitCode, String result) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** The output's last line, which is where tools put why they failed; else the status. */
    public String reason() {
        String last = result.strip().lines().reduce((a, b) -> b).orElse("");
        return last.isEmpty() ? "exit status " + exitCode : last;
    }
}
