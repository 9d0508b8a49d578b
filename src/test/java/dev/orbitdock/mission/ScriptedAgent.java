package dev.orbitdock.mission;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.workspace.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * An agent that does nothing until the test says how it ends: {@link #exitWith} (0 succeeds), or never (so it
 * stalls). {@link #kill()} ends it as killed after {@code killGrace} on the test's clock — at once for a zero grace;
 * otherwise like the command agent, whose SIGTERM an agent may ignore until SIGKILL follows the grace period — the
 * test applies due kills with {@link #finishKillIfDue}. {@link #end()} ends it at once (a workspace destroyed under it).
 *
 * <p>Its exit future notes whether someone watches it ({@code whenComplete}) and whether those callbacks have
 * returned, so a test can wait until the orchestrator has fully handled every exit.
 */
final class ScriptedAgent implements AgentHandle {
    /**
     * Far above any real pid (Linux caps pid_max at 2^22): the orchestrator looks recorded pids up as local
     * processes after a restart and terminates the live ones, which must never hit a process of this machine.
     */
    private static final AtomicLong PIDS = new AtomicLong(1L << 40);

    private final AgentLaunch launch;
    private final Workspace workspace;
    private final Clock clock;
    private final Duration killGrace;
    private final long pid = PIDS.incrementAndGet();
    private final WatchedExit exit = new WatchedExit();
    private volatile Instant killedAt;

    ScriptedAgent(AgentLaunch launch, Workspace workspace, Clock clock, Duration killGrace) {
        this.launch = launch;
        this.workspace = workspace;
        this.clock = clock;
        this.killGrace = killGrace;
    }

    String issueId() {
        return launch.missionIssueId();
    }

    /** The issue's human identifier, as the orchestrator passed it to the agent. */
    String identifier() {
        return launch.env().getOrDefault("ORBITDOCK_ISSUE_IDENTIFIER", launch.missionIssueId());
    }

    String sessionId() {
        return launch.sessionId();
    }

    Workspace workspace() {
        return workspace;
    }

    boolean alive() {
        return !exit.isDone();
    }

    /** The process ends by itself with this status. */
    void exitWith(int status) {
        exit.complete(new AgentExit(status, false, "exited with status " + status));
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<AgentExit> exit() {
        return exit;
    }

    @Override
    public void kill() {
        if (killedAt == null) {
            killedAt = clock.instant();
        }
        finishKillIfDue();
    }

    /** A kill whose grace period is over takes effect. */
    void finishKillIfDue() {
        Instant requested = killedAt;
        if (requested != null && !clock.instant().isBefore(requested.plus(killGrace))) {
            end();
        }
    }

    /** Ends the agent now, as killed. */
    void end() {
        if (killedAt == null) {
            killedAt = clock.instant();
        }
        exit.complete(new AgentExit(137, true, "killed"));
    }

    /** Asked to stop, but still running (within its kill grace period). */
    boolean dying() {
        return killedAt != null && alive();
    }

    /** Someone watches the exit, and if it has happened, every callback on it has returned. */
    boolean handled() {
        return exit.watched() && (alive() || exit.running() == 0);
    }

    @Override
    public String toString() {
        return "agent of " + identifier() + " (attempt " + launch.env().get("ORBITDOCK_ATTEMPT") + ", "
                + (alive() ? dying() ? "killed at " + killedAt + ", still running" : "running"
                : "ended: " + exit.join().reason()) + ")";
    }

    /** The exit future, counting {@code whenComplete} callbacks registered and still running. */
    private static final class WatchedExit extends CompletableFuture<AgentExit> {
        private final AtomicInteger registered = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();

        @Override
        public CompletableFuture<AgentExit> whenComplete(BiConsumer<? super AgentExit, ? super Throwable> action) {
            running.incrementAndGet();
            CompletableFuture<AgentExit> next = super.whenComplete((value, error) -> {
                try {
                    action.accept(value, error);
                } finally {
                    running.decrementAndGet();
                }
            });
            registered.incrementAndGet(); // after super: a callback on a done future has already run by now
            return next;
        }

        boolean watched() {
            return registered.get() > 0;
        }

        int running() {
            return running.get();
        }
    }
}
