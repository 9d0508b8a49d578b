package dev.orbitdock.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/sessions}: sessions (all, or one mission issue's attempts) and their conversation rows, read-only. */
final class SessionRoutes {
    static final int DEFAULT_ROW_LIMIT = 200;
    static final int MAX_ROW_LIMIT = 1000;

    private final SessionQueries queries;

    SessionRoutes(SessionQueries queries) {
        this.queries = queries;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/sessions", ctx -> ctx.json(new SessionList(queries.list(ctx.queryParam("mission_issue_id")))));
        routes.get("/api/sessions/{id}", ctx -> ctx.json(queries.find(ctx.pathParam("id"))
                .orElseThrow(() -> notFound(ctx.pathParam("id")))));
        routes.get("/api/sessions/{id}/rows", this::rows);
    }

    private void rows(Context ctx) {
        long after = longParam(ctx, "after", 0);
        long limit = longParam(ctx, "limit", DEFAULT_ROW_LIMIT);
        if (after < 0) {
            throw ApiException.badRequest("'after' must be 0 or more");
        }
        if (limit < 1) {
            throw ApiException.badRequest("'limit' must be 1 or more");
        }
        String id = ctx.pathParam("id");
        ctx.json(new ConversationRows(queries.rows(id, after, (int) Math.min(limit, MAX_ROW_LIMIT))
                .orElseThrow(() -> notFound(id))));
    }

    private static long longParam(Context ctx, String name, long fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a whole number");
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("session_not_found", "No session with id '" + id + "'");
    }
}
