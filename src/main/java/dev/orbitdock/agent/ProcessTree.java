package dev.orbitdock.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Ends a process and everything it started: SIGTERM to all, SIGKILL to the survivors after a grace period. */
public final class ProcessTree {
    private ProcessTree() {}

    /**
     * Signals the tree now and returns at once; the future completes when every member has exited or, after
     * {@code grace}, has been sent SIGKILL.
     */
    public static CompletableFuture<Void> terminate(ProcessHandle root, Duration grace) {
        // Snapshot first: once the root dies its children are re-parented and can no longer be found from it.
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(exits)
                .completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(() -> tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly));
    }
}
