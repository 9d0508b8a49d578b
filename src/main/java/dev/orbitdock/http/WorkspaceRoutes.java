package dev.orbitdock.http;

import io.javalin.config.RoutesConfig;

/** {@code /api/workspaces/{id}}: one workspace, read-only (the dashboard's issue detail shows it). */
final class WorkspaceRoutes {
    private final WorkspaceQueries queries;

    WorkspaceRoutes(WorkspaceQueries queries) {
        this.queries = queries;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/workspaces/{id}", ctx -> ctx.json(queries.find(ctx.pathParam("id")).orElseThrow(() ->
                ApiException.notFound("workspace_not_found", "No workspace with id '" + ctx.pathParam("id") + "'"))));
    }
}
