package dev.orbitdock.workspace.ssh;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.workspace.ManagedLauncher;
import dev.orbitdock.workspace.ShellQuote;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A managed instance running detached on an ssh host, in its own process group ({@code setsid}). Its exit is
 * noticed by polling, and its status read from the file the start script writes; killing it signals the group.
 */
final class SshAgentHandle implements AgentHandle {
    private static final Logger log = LoggerFactory.getLogger(SshAgentHandle.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final SshConnector ssh;
    private final SshHost host;
    private final long pid;
    private final ManagedLauncher.Paths paths;
    private final Duration poll;
    private final Duration killGrace;
    private final CompletableFuture<AgentExit> exit = new CompletableFuture<>();
    private final AtomicReference<String> killReason = new AtomicReference<>();

    SshAgentHandle(SshConnector ssh, SshHost host, long pid, ManagedLauncher.Paths paths, Duration poll,
                   Duration killGrace) {
        this.ssh = ssh;
        this.host = host;
        this.pid = pid;
        this.paths = paths;
        this.poll = poll;
        this.killGrace = killGrace;
        Thread.ofVirtual().name("ssh-agent-" + pid).start(this::watch);
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
                    exit.get(killGrace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    signal("KILL");
                }
            });
        }
    }

    private void signal(String signal) {
        try {
            ssh.run(host, "kill -" + signal + " -- -" + pid + " 2>/dev/null || true", null, COMMAND_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("could not send SIG{} to managed instance {} on {}: {}", signal, pid, host, e.getMessage());
        }
    }

    private void watch() {
        String check = "if kill -0 " + pid + " 2>/dev/null; then echo running; else cat "
                + ShellQuote.quote(paths.exitStatus()) + " 2>/dev/null || echo gone; fi";
        try {
            while (true) {
                String state;
                try {
                    state = ssh.run(host, check, null, COMMAND_TIMEOUT).stdout().strip();
                } catch (RuntimeException e) {
                    log.debug("polling managed instance {} on {}: {}", pid, host, e.getMessage());
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
                    : "the managed instance on " + host + " ended without recording a status");
        }
        int code = Integer.parseInt(state);
        return new AgentExit(code, killed != null, killed != null ? killed
                : "managed instance on " + host + " exited with status " + code);
    }
}
