package dev.orbitdock.workspace.local;

import dev.orbitdock.agent.ProcessTree;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived command (git, a setup command) to completion with a timeout, keeping the tail of its output.
 * A setup command's output goes to a temp file, not a pipe: a background process it leaves behind (a dev server)
 * would otherwise hold the pipe open and hang us. Git's goes through pipes (no temp files to create and delete for
 * every call of the orchestrator's busiest command); a background process there (a hook's) only costs the drain
 * grace.
 */
final class LocalProcess {
    static final Duration KILL_GRACE = Duration.ofSeconds(5);
    /** How long the output readers may lag the process's exit before whatever they read is taken as all. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);
    private static final File NULL_DEVICE = new File("/dev/null");

    /** @param stderr empty when merged into {@code stdout} */
    record Result(int exitCode, boolean timedOut, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    private LocalProcess() {}

    /**
     * Stdout and stderr merged, through a temp file.
     *
     * @param env         changes to the inherited environment; a null value removes the variable
     * @param tailBytes   at most this much of the end of the output is kept
     */
    static Result runMerged(List<String> command, Path dir, Map<String, String> env, Duration timeout, int tailBytes)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("orbitdock-", ".out");
        try {
            Process process = builder(command, dir, env).redirectOutput(out.toFile()).redirectErrorStream(true)
                    .start();
            boolean finished = await(process, timeout);
            return new Result(process.exitValue(), !finished, tail(out, tailBytes), "");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Stdout and stderr apart, through pipes; {@code env} and {@code tailBytes} as for {@link #runMerged}. */
    static Result capture(List<String> command, Path dir, Map<String, String> env, Duration timeout, int tailBytes)
            throws IOException, InterruptedException {
        Process process = builder(command, dir, env).start();
        Tail out = Tail.start(process.getInputStream(), tailBytes);
        Tail err = Tail.start(process.getErrorStream(), tailBytes);
        boolean finished = await(process, timeout);
        long deadline = System.nanoTime() + DRAIN_GRACE.toNanos();
        return new Result(process.exitValue(), !finished, out.text(deadline), err.text(deadline));
    }

    private static ProcessBuilder builder(List<String> command, Path dir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE));
        Map<String, String> environment = builder.environment();
        env.forEach((name, value) -> {
            if (value == null) {
                environment.remove(name);
            } else {
                environment.put(name, value);
            }
        });
        return builder;
    }

    /** Waits for the exit; past the timeout the process tree is ended. Returns whether it finished in time. */
    private static boolean await(Process process, Duration timeout) throws InterruptedException {
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
        return finished;
    }

    private static String tail(Path file, int maxBytes) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, maxBytes);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            return text(bytes, size < length);
        }
    }

    private static String text(byte[] bytes, boolean cut) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return cut ? "…" + text : text;
    }

    /** Reads a pipe to its end on a virtual thread, keeping the last {@code maxBytes}. */
    private static final class Tail {
        private final InputStream stream;
        private final int maxBytes;
        private final Thread reader;
        private final ByteArrayOutputStream read = new ByteArrayOutputStream();
        private boolean cut;

        private Tail(InputStream stream, int maxBytes) {
            this.stream = stream;
            this.maxBytes = maxBytes;
            this.reader = Thread.ofVirtual().unstarted(this::readToEnd);
        }

        static Tail start(InputStream stream, int maxBytes) {
            Tail tail = new Tail(stream, maxBytes);
            tail.reader.start();
            return tail;
        }

        private void readToEnd() {
            byte[] chunk = new byte[8192];
            try (stream) {
                int n;
                while ((n = stream.read(chunk)) >= 0) {
                    append(chunk, n);
                }
            } catch (IOException e) {
                // the pipe broke: what was read is what there is
            }
        }

        private synchronized void append(byte[] chunk, int n) {
            read.write(chunk, 0, n);
            if (read.size() > 2 * maxBytes) {
                byte[] last = lastBytes();
                read.reset();
                read.writeBytes(last);
            }
        }

        private byte[] lastBytes() {
            byte[] all = read.toByteArray();
            if (all.length <= maxBytes) {
                return all;
            }
            cut = true;
            return Arrays.copyOfRange(all, all.length - maxBytes, all.length);
        }

        /** What was read by the deadline (all of it, unless something still holds the pipe open). */
        String text(long deadlineNanos) throws InterruptedException {
            reader.join(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
            synchronized (this) {
                byte[] last = lastBytes();
                return LocalProcess.text(last, cut);
            }
        }
    }
}
