package dev.orbitdock.workspace;

import java.util.List;
import java.util.Map;

/**
 * A provider whose workspaces are other machines: it holds clients to close, it can prove it can provision
 * ({@code mission provider test}, {@code doctor}) with a smoke test on a scratch resource, and it finds its
 * workspaces again by their {@link ResourceLabels} (the orphan sweep and re-adoption after a restart).
 */
public interface RemoteWorkspaceProvider extends WorkspaceProvider, AutoCloseable {
    /**
     * Every workspace OrbitDock made here (it carries {@link ResourceLabels#WORKSPACE}) that carries all of
     * {@code labels}; empty {@code labels} lists them all. A listed workspace's path is null where the provider
     * cannot know it without entering the machine; destroying it (FORCE) needs only its id and external id.
     */
    List<Workspace> list(Map<String, String> labels);

    /**
     * Renews the workspace's idle timer while its agent works, for providers that stop idle machines; others have
     * nothing to renew.
     */
    default void keepAlive(Workspace workspace) {}

    /** Each step of reaching the service and provisioning something tiny there, with its time and outcome. */
    List<SmokeStep> smokeTest();

    @Override
    void close();
}
