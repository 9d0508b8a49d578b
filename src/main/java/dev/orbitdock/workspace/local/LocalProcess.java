package dev.orbitdock.workspace.local;

import dev.orbitdock.agent.ProcessTree;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived command (git, a setup command) to completion with a timeout. Output goes to temp files, not
 * pipes: a background process the command leaves behind (a dev server started by setup) would otherwise hold a
 * pipe open and hang us, and a chatty command cannot fill memory because only the tail is read back.
 */
final class LocalProcess {
    static final Duration KILL_GRACE = Duration.ofSeconds(5);

    /** @param stderr empty when merged into {@code stdout} */
    record Result(int exitCode, boolean timedOut, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    private LocalProcess() {}

    /**
     * @param env         changes to the inherited environment; a null value removes the variable
     * @param tailBytes   at most this much of the end of each output is kept
     */
    static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout, boolean mergeStderr,
                      int tailBytes) throws IOException, InterruptedException {
        Path out = Files.createTempFile("orbitdock-", ".out");
        Path err = mergeStderr ? null : Files.createTempFile("orbitdock-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile());
            if (mergeStderr) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(err.toFile());
            }
            env.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                ProcessTree.terminate(process.toHandle(), KILL_GRACE);
                throw e;
            }
            if (!finished) {
                ProcessTree.terminate(process.toHandle(), KILL_GRACE);
                process.waitFor();
            }
            return new Result(process.exitValue(), !finished, tail(out, tailBytes),
                    err == null ? "" : tail(err, tailBytes));
        } finally {
            Files.deleteIfExists(out);
            if (err != null) {
                Files.deleteIfExists(err);
            }
        }
    }

    private static String tail(Path file, int maxBytes) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, maxBytes);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return size < length ? "…" + text : text;
        }
    }
}
