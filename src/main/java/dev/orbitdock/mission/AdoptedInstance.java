package dev.orbitdock.mission;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import java.util.concurrent.CompletableFuture;

/**
 * A remote agent re-adopted after a restart: this process never started it, so there is no process to watch. Its
 * end is the replicated session ending ({@link RemoteSessionWatch}); stopping it is destroying its workspace,
 * which the orchestrator does right after {@link #kill()}.
 */
final class AdoptedInstance implements AgentHandle {
    private final CompletableFuture<AgentExit> exit = new CompletableFuture<>();

    /** The session's end arrived by sync. */
    void sessionEnded(String reason) {
        exit.complete(new AgentExit(RemoteSessionEnd.succeeded(reason) ? 0 : 1, false, reason));
    }

    @Override
    public long pid() {
        return -1; // not a process of this machine: nothing here may ever signal it
    }

    @Override
    public CompletableFuture<AgentExit> exit() {
        return exit.copy();
    }

    @Override
    public void kill() {
        exit.complete(new AgentExit(-1, true, "killed"));
    }
}
