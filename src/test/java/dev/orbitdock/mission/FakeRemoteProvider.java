package dev.orbitdock.mission;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.ProvisioningSteps;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An SSH-kind provider without machines: create reports its steps (and fails with the provider's own words when
 * told to), startAgent hands back an instance that ends only when the test says so (after {@link #onStart}), and
 * every launch and destroy is remembered.
 */
final class FakeRemoteProvider implements WorkspaceProvider {
    /** A clone URL with credentials in it, as a repo's origin may have. */
    static final String CLONE_URL = "https://bot:s3cret@git.example/shop.git";

    private volatile String createFailure;
    /** What a started instance does first; a real one syncs, which the test plays by writing a heartbeat. */
    volatile Consumer<Workspace> onStart = workspace -> {};
    final List<AgentLaunch> launches = new CopyOnWriteArrayList<>();
    final Map<String, DestroyMode> destroyed = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<AgentExit>> instances = new ConcurrentHashMap<>();

    /** Every later create fails with this message, as a provider's API would word it. */
    void failCreates(String message) {
        createFailure = message;
    }

    @Override
    public WorkspaceKind kind() {
        return WorkspaceKind.SSH;
    }

    @Override
    public Workspace create(CreateWorkspaceRequest request) {
        ProvisioningSteps.run(request.progress(), "connecting", "fake:22", () -> "ok");
        ProvisioningSteps.run(request.progress(), "cloning", CLONE_URL, () -> "ok");
        return ProvisioningSteps.run(request.progress(), "creating", null, () -> {
            if (createFailure != null) {
                throw new WorkspaceException("fake_create_failed", createFailure, null, null);
            }
            return new Workspace(request.workspaceId(), WorkspaceKind.SSH, Path.of("/remote", request.workspaceId()),
                    request.branch(), "fake:22");
        });
    }

    @Override
    public AgentHandle startAgent(Workspace workspace, AgentLaunch launch) {
        launches.add(launch);
        CompletableFuture<AgentExit> exit = new CompletableFuture<>();
        instances.put(workspace.id(), exit);
        onStart.accept(workspace);
        return new AgentHandle() {
            @Override
            public long pid() {
                return 4242;
            }

            @Override
            public CompletableFuture<AgentExit> exit() {
                return exit;
            }

            @Override
            public void kill() {
                exit.complete(new AgentExit(-1, true, "killed"));
            }
        };
    }

    @Override
    public WorkspaceStatus status(Workspace workspace) {
        return destroyed.containsKey(workspace.id()) ? WorkspaceStatus.DESTROYED : WorkspaceStatus.RUNNING;
    }

    @Override
    public void destroy(Workspace workspace, DestroyMode mode) {
        destroyed.put(workspace.id(), mode);
        CompletableFuture<AgentExit> exit = instances.get(workspace.id());
        if (exit != null) {
            exit.complete(new AgentExit(-1, true, "destroyed"));
        }
    }
}
