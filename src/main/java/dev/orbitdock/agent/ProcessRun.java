package dev.orbitdock.agent;

import dev.orbitdock.common.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running agent process: pumps its output into the session, enforces the timeout, reports the exit. */
final class ProcessRun implements AgentHandle {
    private static final Logger log = LoggerFactory.getLogger(ProcessRun.class);

    private final Process process;
    private final String sessionId;
    private final SessionRecorder recorder;
    private final OutputHandler output;
    private final Duration timeout;
    private final ProcessOptions options;
    private final CompletableFuture<AgentExit> exit = new CompletableFuture<>();
    /** Set by the first of kill() and the timeout; that reason is the one reported. */
    private final AtomicReference<String> killReason = new AtomicReference<>();
    /** Readers record under the read lock; closing takes the write lock, so no row lands after the session end. */
    private final ReentrantReadWriteLock recording = new ReentrantReadWriteLock();
    private boolean closed;

    ProcessRun(Process process, String sessionId, SessionRecorder recorder, OutputHandler output, Duration timeout,
               ProcessOptions options) {
        this.process = process;
        this.sessionId = sessionId;
        this.recorder = recorder;
        this.output = output;
        this.timeout = timeout;
        this.options = options;
    }

    void begin() {
        Thread out = Thread.ofVirtual().name("agent-stdout-" + sessionId).start(() -> pump(process.getInputStream(), false));
        Thread err = Thread.ofVirtual().name("agent-stderr-" + sessionId).start(() -> pump(process.getErrorStream(), true));
        Thread.ofVirtual().name("agent-wait-" + sessionId).start(() -> awaitExit(out, err));
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public CompletableFuture<AgentExit> exit() {
        return exit.copy(); // a caller completing or cancelling its copy cannot fake the agent's exit
    }

    @Override
    public void kill() {
        terminate("killed");
    }

    private void terminate(String reason) {
        if (process.isAlive() && killReason.compareAndSet(null, reason)) {
            ProcessTree.terminate(process.toHandle(), options.killGrace());
        }
    }

    private void awaitExit(Thread out, Thread err) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                terminate("timed out after " + Durations.format(timeout));
            }
            int code = process.waitFor();
            String reason = killReason.get();
            drain(out, err);
            AgentExit result = reason != null ? new AgentExit(code, true, reason)
                    : new AgentExit(code, false, "exited with status " + code);
            try {
                recorder.end(sessionId, result);
            } catch (RuntimeException e) {
                // The exit is what the orchestrator acts on; a store failure must not hide it.
                log.warn("could not record the end of session {}: {}", sessionId, e.toString());
            }
            exit.complete(result);
        } catch (Throwable t) {
            exit.completeExceptionally(t);
        }
    }

    /**
     * Waits for the readers to reach end of output. A background process the agent left running can hold the pipes
     * open forever; after the drain timeout we stop waiting (its later output is dropped) rather than hang.
     */
    private void drain(Thread out, Thread err) throws InterruptedException {
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        boolean done = out.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                && err.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (!done) {
            log.warn("session {}: output still open {} after the agent exited (a background process holds it);"
                    + " not waiting for it", sessionId, Durations.format(options.drainTimeout()));
        }
        recording.writeLock().lock();
        try {
            closed = true;
        } finally {
            recording.writeLock().unlock();
        }
    }

    private void pump(InputStream stream, boolean stderr) {
        LineReader reader = new LineReader(stream, LineReader.MAX_LINE_CHARS);
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                record(line, stderr);
            }
        } catch (IOException e) {
            log.debug("session {}: reading {} ended: {}", sessionId, stderr ? "stderr" : "stdout", e.toString());
        }
    }

    private void record(String line, boolean stderr) {
        recording.readLock().lock();
        try {
            if (closed) {
                return;
            }
            if (stderr) {
                output.stderr(line);
            } else {
                output.stdout(line);
            }
        } catch (RuntimeException e) {
            // Keep reading: a reader that stops would leave the agent blocked on a full pipe.
            log.warn("session {}: could not record a line: {}", sessionId, e.toString());
        } finally {
            recording.readLock().unlock();
        }
    }
}
