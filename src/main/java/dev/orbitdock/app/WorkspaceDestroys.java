package dev.orbitdock.app;

import dev.orbitdock.mission.DestroyOrigin;
import dev.orbitdock.mission.DestroyOutcome;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.MissionOrchestrator;
import dev.orbitdock.workspace.WorkspaceView;
import java.util.Optional;

/**
 * {@code orbitdock workspace destroy}, equivalent to the API's destroy although the CLI has no orchestrator of
 * the server's in its process. A run in flight belongs to the server that started it: beside a running server its
 * row is only marked destroyed (token revoked) and its mission triggered, and that server's next tick (within a
 * second) stops the run, fails the issue and removes the workspace. Anything else is destroyed right here, through
 * the provider built from the configuration, holding the server lock when no server runs so none starts meanwhile.
 */
public final class WorkspaceDestroys {
    private WorkspaceDestroys() {}

    /** What the CLI did. */
    public sealed interface Result permits Done, LeftToServer {}

    /** Destroyed here, as the API destroys it. */
    public record Done(DestroyOutcome outcome) implements Result {}

    /** Marked destroyed; the running server stops {@code issue}'s run and removes the workspace. */
    public record LeftToServer(WorkspaceView workspace, String issue) implements Result {}

    /** @throws dev.orbitdock.common.OrbitDockException {@code workspace_not_found} */
    static Result destroy(Services services, String workspaceId) {
        Optional<ServerLock> lock = ServerLock.tryAcquire(services.dataDir().path());
        try {
            Optional<MissionIssue> inFlight = lock.isPresent() ? Optional.empty() : inFlightOn(services, workspaceId);
            if (inFlight.isPresent()) {
                WorkspaceView view = services.workspaces().destroy(workspaceId);
                services.missions().trigger(inFlight.get().missionId());
                return new LeftToServer(view, inFlight.get().identifier());
            }
            try (MissionOrchestrator orchestrator = services.orchestrator()) {
                return new Done(orchestrator.destroyWorkspace(workspaceId, DestroyOrigin.CLI));
            }
        } finally {
            lock.ifPresent(ServerLock::close);
        }
    }

    /** The issue running (or being launched) on this workspace, if any. */
    private static Optional<MissionIssue> inFlightOn(Services services, String workspaceId) {
        WorkspaceView view = services.workspaces().require(workspaceId);
        if (view.destroyedAt() != null || view.missionIssueId() == null) {
            return Optional.empty();
        }
        return services.missions().issue(view.missionIssueId())
                .filter(issue -> workspaceId.equals(issue.workspaceId()) && issue.state().isActive());
    }
}
