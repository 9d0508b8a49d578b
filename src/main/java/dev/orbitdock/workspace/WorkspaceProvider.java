package dev.orbitdock.workspace;

import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;

/** Where agents run (ARCHITECTURE.md §6). Implementations are registered in one place by the composition root. */
public interface WorkspaceProvider {
    WorkspaceKind kind();

    /** Provisions the workspace; may be slow. Idempotent for the same workspace id. */
    Workspace create(CreateWorkspaceRequest request);

    AgentHandle startAgent(Workspace workspace, AgentLaunch launch);

    WorkspaceStatus status(Workspace workspace);

    /** Ends whatever runs there and removes the workspace; safe from any state and when already gone. */
    void destroy(Workspace workspace, DestroyMode mode);
}
