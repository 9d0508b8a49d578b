package dev.orbitdock.http;

import dev.orbitdock.auth.TokenInfo;
import dev.orbitdock.sync.SyncJson;
import dev.orbitdock.sync.SyncReceiver;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code POST /api/sync}: a managed workspace's replicated commands. Only workspace tokens reach it (AuthFilter);
 * the body may be gzip; rejections become status codes in {@link ErrorMapper}.
 */
final class SyncRoutes {
    static final String PATH = "/api/sync";

    private final SyncReceiver receiver;
    private final JsonBodies bodies;

    SyncRoutes(SyncReceiver receiver, JsonBodies bodies) {
        this.receiver = receiver;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.post(PATH, this::sync);
    }

    private void sync(Context ctx) {
        // A loopback server without API tokens lets tokenless requests through; sync always needs its token.
        TokenInfo token = AuthFilter.token(ctx).orElseThrow(SyncRoutes::invalidWorkspaceToken);
        ctx.json(receiver.receive(token, SyncJson.receive(bodies.readBytes(ctx))));
    }

    /** Unknown, revoked, expired or missing: the workspace instance must stop and report, not retry. */
    static ApiException invalidWorkspaceToken() {
        return new ApiException(401, "invalid_workspace_token", "The workspace token is unknown, revoked or expired",
                "the control plane issues a new token when it restarts this workspace", Map.of());
    }
}
