package dev.orbitdock.workspace.local;

import dev.orbitdock.agent.AgentRunners;
import dev.orbitdock.workspace.WorkspaceProviderConformance;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The local worktree provider under the promises every provider keeps. The remote ones (listing by label, step
 * deadlines, a managed instance) do not apply: a worktree has no service to list, and its setup commands are bounded
 * by {@code setup_timeout} itself ({@code LocalWorktreeProviderTest}).
 */
class LocalWorktreeConformanceTest extends WorkspaceProviderConformance<LocalWorktreeProvider> {
    @Override
    protected LocalWorktreeProvider newProvider() {
        return new LocalWorktreeProvider(new AgentRunners(List.of()), Clock.systemUTC());
    }

    /** Worktrees under the requests' root. */
    @Override
    protected int liveResources() throws IOException {
        return entriesIn(dir.resolve("workspaces"));
    }

    @Override
    protected String unknownExternalId() {
        return null;
    }
}
