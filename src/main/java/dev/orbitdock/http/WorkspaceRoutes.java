package dev.orbitdock.http;

import dev.orbitdock.workspace.WorkspaceDestroyer;
import dev.orbitdock.workspace.WorkspaceRegistry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code /api/workspaces…}: workspaces with their sync health; register one for a managed instance you start
 * yourself (its token is in that response only), and destroy one: its token is revoked, and a mission's workspace is
 * really removed, its run stopped first.
 */
final class WorkspaceRoutes {
    /** Body of {@code POST /api/workspaces}. */
    record RegisterRequest(String provider, String missionIssueId) {}

    /** The one response that carries the workspace's token. */
    record Registered(String workspaceId, String sessionId, String missionIssueId, long generation, String token,
                      String tokenId) {
        static Registered of(WorkspaceRegistry.Registration r) {
            return new Registered(r.workspaceId(), r.sessionId(), r.missionIssueId(), r.generation(), r.token().token(),
                    r.token().info().id());
        }

        @Override
        public String toString() {
            return "Registered[" + workspaceId + "]";
        }
    }

    private final WorkspaceRegistry workspaces;
    private final WorkspaceDestroyer destroyer;
    private final JsonBodies bodies;

    WorkspaceRoutes(WorkspaceRegistry workspaces, WorkspaceDestroyer destroyer, JsonBodies bodies) {
        this.workspaces = workspaces;
        this.destroyer = destroyer;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/workspaces", ctx -> ctx.json(Map.of("workspaces",
                workspaces.list("true".equals(ctx.queryParam("all"))))));
        routes.get("/api/workspaces/{id}", ctx -> ctx.json(workspaces.require(ctx.pathParam("id"))));
        routes.post("/api/workspaces", this::registerWorkspace);
        routes.delete("/api/workspaces/{id}", ctx -> ctx.json(destroyer.destroy(ctx.pathParam("id"))));
    }

    private void registerWorkspace(Context ctx) {
        RegisterRequest request = bodies.read(ctx, RegisterRequest.class);
        ctx.status(201).json(Registered.of(workspaces.register(request.provider(), request.missionIssueId())));
    }
}
