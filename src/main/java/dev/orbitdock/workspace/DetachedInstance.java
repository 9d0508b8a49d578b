package dev.orbitdock.workspace;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.orbitdock.workspace.ShellQuote.quote;

/**
 * A managed instance running detached on a remote machine as the leader of its own process group. Its exit is
 * noticed by polling, and its status read from the file the start script writes (a detached process has no parent
 * to tell); killing it signals the group. Shared by the remote providers, which differ only in how a shell
 * command reaches the machine.
 */
public final class DetachedInstance implements AgentHandle {
    private static final Logger log = LoggerFactory.getLogger(DetachedInstance.class);
    private static final int TAIL_CHARS = 4000;

    /** Runs a shell command on the machine and returns its standard output; throws when the machine is unreachable. */
    @FunctionalInterface
    public interface RemoteShell {
        String run(String command);
    }

    private final RemoteShell shell;
    private final String where;
    private final long pid;
    private final ManagedLauncher.Paths paths;
    private final Duration poll;
    private final Duration killGrace;
    private final CompletableFuture<AgentExit> exit = new CompletableFuture<>();
    private final AtomicReference<String> killReason = new AtomicReference<>();

    /** @param where the machine, as people know it (host, sandbox id), for messages */
    public DetachedInstance(RemoteShell shell, String where, long pid, ManagedLauncher.Paths paths, Duration poll,
                            Duration killGrace) {
        this.shell = shell;
        this.where = where;
        this.pid = pid;
        this.paths = paths;
        this.poll = poll;
        this.killGrace = killGrace;
        Thread.ofVirtual().name("managed-instance-" + pid).start(this::watch);
    }

    /** {@code sh} that sends SIGTERM to the group whose leader's pid is in {@code pidFile}, then waits for it to end. */
    public static String terminateAndWait(String pidFile, Duration drain) {
        return "P=\"$(cat " + quote(pidFile) + " 2>/dev/null)\"; [ -n \"$P\" ] && kill -TERM -- -$P 2>/dev/null;"
                + " timeout " + Math.max(1, drain.toSeconds()) + " sh -c 'while kill -0 -- -'$P' 2>/dev/null;"
                + " do sleep 0.2; done' || true";
    }

    /** {@code sh} that sends SIGKILL to what is left of that group. */
    public static String killGroup(String pidFile) {
        return "P=\"$(cat " + quote(pidFile) + " 2>/dev/null)\"; [ -n \"$P\" ] && kill -KILL -- -$P 2>/dev/null";
    }

    /** {@code sh} that prints {@code running} while the instance whose pid is in {@code pidFile} lives. */
    public static String runningCheck(String pidFile) {
        return "kill -0 \"$(cat " + quote(pidFile) + " 2>/dev/null)\" 2>/dev/null && echo running";
    }

    /**
     * The end of the instance's log (at most {@code lines} lines and {@value #TAIL_CHARS} characters), or empty
     * when the machine cannot be asked: what a person needs to see why an instance never reached the control plane.
     */
    public String logTail(int lines) {
        try {
            String tail = shell.run("tail -n " + lines + " " + quote(paths.log()) + " 2>/dev/null").strip();
            return tail.length() <= TAIL_CHARS ? tail : tail.substring(tail.length() - TAIL_CHARS);
        } catch (RuntimeException e) {
            log.debug("reading the log of managed instance {} on {}: {}", pid, where, e.getMessage());
            return "";
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<AgentExit> exit() {
        return exit.copy();
    }

    /** SIGTERM to the group (the managed instance stops its agent and drains), SIGKILL after the grace period. */
    @Override
    public void kill() {
        if (killReason.compareAndSet(null, "killed") && !exit.isDone()) {
            signal("TERM");
            Thread.ofVirtual().start(() -> {
                try {
                    exit.get(killGrace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    signal("KILL");
                }
            });
        }
    }

    private void signal(String signal) {
        try {
            shell.run("kill -" + signal + " -- -" + pid + " 2>/dev/null || true");
        } catch (RuntimeException e) {
            log.warn("could not send SIG{} to managed instance {} on {}: {}", signal, pid, where, e.getMessage());
        }
    }

    private void watch() {
        String check = "if kill -0 " + pid + " 2>/dev/null; then echo running; else cat "
                + quote(paths.exitStatus()) + " 2>/dev/null || echo gone; fi";
        try {
            while (true) {
                String state;
                try {
                    state = shell.run(check).strip();
                } catch (RuntimeException e) {
                    log.debug("polling managed instance {} on {}: {}", pid, where, e.getMessage());
                    state = "running"; // unreachable for now: heartbeats decide, not one failed poll
                }
                if (!state.equals("running")) {
                    exit.complete(exitOf(state));
                    return;
                }
                Thread.sleep(poll);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AgentExit exitOf(String state) {
        String killed = killReason.get();
        if (!state.matches("-?\\d+")) {
            return new AgentExit(-1, killed != null, killed != null ? killed
                    : "the managed instance on " + where + " ended without recording a status");
        }
        int code = Integer.parseInt(state);
        return new AgentExit(code, killed != null, killed != null ? killed
                : "managed instance on " + where + " exited with status " + code);
    }
}
