package dev.orbitdock.workspace.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void captureKeepsStdoutAndStderrApartAndTheEnvironmentChanges() throws Exception {
        LocalProcess.Result result = LocalProcess.capture(List.of("sh", "-c", "echo out; echo err >&2; echo $ADDED"),
                dir, Map.of("ADDED", "yes"), TIMEOUT, 1 << 20);

        assertThat(result.ok()).isTrue();
        assertThat(result.stdout()).isEqualTo("out\nyes\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void captureKeepsOnlyTheTailOfALongOutput() throws Exception {
        LocalProcess.Result result = LocalProcess.capture(List.of("sh", "-c",
                "i=0; while [ $i -lt 5000 ]; do echo line-$i; i=$((i+1)); done"), dir, Map.of(), TIMEOUT, 100);

        assertThat(result.stdout()).startsWith("…").endsWith("line-4999\n");
        assertThat(result.stdout().length()).isLessThanOrEqualTo(101);
    }

    @Test
    void aBackgroundProcessHoldingThePipeCostsOnlyTheDrainGrace() throws Exception {
        // The background sleep inherits stdout and outlives the shell; without the grace this would wait for it.
        LocalProcess.Result result = LocalProcess.capture(List.of("sh", "-c", "echo started; sleep 8 &"), dir,
                Map.of(), TIMEOUT, 1 << 20);

        assertThat(result.ok()).isTrue();
        assertThat(result.stdout()).isEqualTo("started\n");
    }

    @Test
    void runMergedInterleavesBothStreamsInOne() throws Exception {
        LocalProcess.Result result = LocalProcess.runMerged(List.of("sh", "-c", "echo a; echo b >&2; exit 3"), dir,
                Map.of(), TIMEOUT, 1 << 20);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("a\nb\n");
        assertThat(result.stderr()).isEmpty();
    }
}
