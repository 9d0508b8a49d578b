package dev.orbitdock.workspace;

/**
 * Destroys a workspace on a person's request (REST, dashboard). Whoever made the workspace ends what runs there
 * and removes it; {@link WorkspaceRegistry#destroy} alone only marks the row and revokes its token.
 */
@FunctionalInterface
public interface WorkspaceDestroyer {
    /**
     * @return the workspace as it is afterwards
     * @throws dev.orbitdock.common.OrbitDockException {@code workspace_not_found}
     */
    WorkspaceView destroy(String workspaceId);
}
