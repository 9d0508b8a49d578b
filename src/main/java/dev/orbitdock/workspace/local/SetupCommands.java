package dev.orbitdock.workspace.local;

import dev.orbitdock.common.Durations;
import dev.orbitdock.workspace.ProvisioningStep;
import dev.orbitdock.workspace.ProvisioningStep.Phase;
import dev.orbitdock.workspace.WorkspaceException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs a workspace's setup commands one by one with {@code sh -c}, each reported as a {@code setup i/n} step. */
final class SetupCommands {
    static final int MAX_OUTPUT = 64 * 1024;
    private static final int SUMMARY_LINES = 20;

    private SetupCommands() {}

    static void run(List<String> commands, Path worktree, String workspaceId, Duration timeout,
                    Consumer<ProvisioningStep> progress, Clock clock) {
        for (int i = 0; i < commands.size(); i++) {
            String step = "setup " + (i + 1) + "/" + commands.size();
            String command = commands.get(i);
            progress.accept(new ProvisioningStep(step, Phase.STARTED, command));
            Instant started = clock.instant();
            LocalProcess.Result result = runOne(command, worktree, workspaceId, timeout);
            if (result.ok()) {
                progress.accept(new ProvisioningStep(step, Phase.FINISHED,
                        "took " + Durations.format(Duration.between(started, clock.instant()))));
                continue;
            }
            progress.accept(new ProvisioningStep(step, Phase.FAILED, result.stdout()));
            String what = result.timedOut() ? "timed out after " + Durations.format(timeout)
                    : "exited with status " + result.exitCode();
            throw new WorkspaceException("setup_failed", "setup command " + (i + 1) + "/" + commands.size() + " `"
                    + command + "` " + what + ": " + lastLines(result.stdout()),
                    "fix the setup command in MISSION.md, or run it by hand in " + worktree, null);
        }
    }

    private static LocalProcess.Result runOne(String command, Path worktree, String workspaceId, Duration timeout) {
        try {
            return LocalProcess.runMerged(List.of("sh", "-c", command), worktree,
                    Map.of("ORBITDOCK_WORKSPACE_ID", workspaceId), timeout, MAX_OUTPUT);
        } catch (IOException e) {
            throw new WorkspaceException("setup_failed", "cannot run setup command `" + command + "`: "
                    + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkspaceException("interrupted", "interrupted during setup command `" + command + "`", null,
                    e);
        }
    }

    private static String lastLines(String output) {
        String[] lines = output.strip().split("\n");
        if (lines.length == 1 && lines[0].isEmpty()) {
            return "(no output)";
        }
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - SUMMARY_LINES), lines.length));
    }
}
