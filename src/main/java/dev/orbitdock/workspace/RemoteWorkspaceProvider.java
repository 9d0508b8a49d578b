package dev.orbitdock.workspace;

import java.util.List;

/**
 * A provider whose workspaces are other machines: it holds clients to close, and it can prove it can provision
 * ({@code mission provider test}, {@code doctor}) with a smoke test on a scratch resource.
 */
public interface RemoteWorkspaceProvider extends WorkspaceProvider, AutoCloseable {
    /** Each step of reaching the service and provisioning something tiny there, with its time and outcome. */
    List<SmokeStep> smokeTest();

    @Override
    void close();
}
