package dev.orbitdock.http;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/** {@code /api/workspaces[/{id}]}: workspaces and their sync health, read-only (the dashboard shows them). */
final class WorkspaceRoutes {
    private final WorkspaceQueries queries;

    WorkspaceRoutes(WorkspaceQueries queries) {
        this.queries = queries;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/workspaces", ctx -> ctx.json(Map.of("workspaces", queries.list())));
        routes.get("/api/workspaces/{id}", ctx -> ctx.json(queries.find(ctx.pathParam("id")).orElseThrow(() ->
                ApiException.notFound("workspace_not_found", "No workspace with id '" + ctx.pathParam("id") + "'"))));
    }
}
