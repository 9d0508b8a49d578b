package dev.orbitdock.http;

import dev.orbitdock.auth.TokenInfo;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.auth.TokenService;
import dev.orbitdock.auth.Verification;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token check for {@code /api/*} (before-filter) and {@code /ws} (before the upgrade).
 *
 * <p>{@code hasActiveApiToken()} is read per request rather than cached: tokens are also created by the CLI in
 * another process, writing the same file, and a stale "no token yet" would leave the API open.
 */
final class AuthFilter {
    private static final String TOKEN_ATTRIBUTE = "orbitdock.token";
    private static final String CREATE_HINT = "create one with: orbitdock token create --label <name>";

    /**
     * Scopes a path accepts beyond the default (API tokens only). Workspace tokens get exactly the routes they
     * need, e.g. {@code "/api/sync", Set.of(TokenScope.Workspace.class)}.
     */
    private static final Map<String, Set<Class<? extends TokenScope>>> SCOPES_BY_PATH = Map.of(
            SyncRoutes.PATH, Set.of(TokenScope.Workspace.class));
    private static final Set<Class<? extends TokenScope>> DEFAULT_SCOPES = Set.of(TokenScope.Api.class);

    private final TokenService tokens;
    private final boolean openWhileNoApiToken;

    /** @param openWhileNoApiToken let tokenless requests through while no API token exists (loopback binds only) */
    AuthFilter(TokenService tokens, boolean openWhileNoApiToken) {
        this.tokens = tokens;
        this.openWhileNoApiToken = openWhileNoApiToken;
    }

    /** The verified token of this request; empty for a tokenless request on an open loopback server. */
    static Optional<TokenInfo> token(Context ctx) {
        return Optional.ofNullable(ctx.attribute(TOKEN_ATTRIBUTE));
    }

    void requireForHttp(Context ctx) {
        authenticate(ctx, bearer(ctx), "send 'Authorization: Bearer <token>'");
    }

    /** Browsers cannot set headers on a WebSocket upgrade, so {@code ?token=} is accepted here (and only here). */
    void requireForWebSocket(Context ctx) {
        String presented = bearer(ctx);
        authenticate(ctx, presented != null ? presented : blankToNull(ctx.queryParam("token")),
                "send 'Authorization: Bearer <token>' or connect to /ws?token=<token>");
    }

    private void authenticate(Context ctx, String presented, String howTo) {
        if (presented == null) {
            if (openWhileNoApiToken && !tokens.hasActiveApiToken()) {
                return;
            }
            throw new ApiException(401, "missing_token", "This API needs a token: " + howTo, CREATE_HINT, Map.of());
        }
        switch (tokens.verify(presented)) {
            case Verification.Valid valid -> {
                TokenScope scope = valid.token().scope();
                if (!allowedScopes(ctx.path()).contains(scope.getClass())) {
                    throw new ApiException(403, "forbidden_scope", "A " + label(scope) + " token may not call "
                            + ctx.path(), "use an API token", Map.of());
                }
                ctx.attribute(TOKEN_ATTRIBUTE, valid.token());
            }
            // Which of unknown / wrong secret / revoked / expired it was stays on the server.
            case Verification.Rejected rejected when isSync(ctx.path()) -> throw SyncRoutes.invalidWorkspaceToken();
            case Verification.Rejected rejected -> throw new ApiException(401, "invalid_token",
                    rejected.reason() == Verification.Reason.MALFORMED ? "The token is malformed"
                            : "The token is unknown, revoked or expired", CREATE_HINT, Map.of());
        }
    }

    private static Set<Class<? extends TokenScope>> allowedScopes(String path) {
        if (path.startsWith(MissionToolRoutes.PREFIX)) {
            return Set.of(TokenScope.Issue.class); // the issue is the token's: an API token names none
        }
        return SCOPES_BY_PATH.getOrDefault(normalize(path), DEFAULT_SCOPES);
    }

    private static boolean isSync(String path) {
        return SyncRoutes.PATH.equals(normalize(path));
    }

    private static String normalize(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String label(TokenScope scope) {
        return switch (scope) {
            case TokenScope.Api api -> "API";
            case TokenScope.Workspace workspace -> "workspace";
            case TokenScope.Issue issue -> "mission issue";
        };
    }

    /** The token of {@code Authorization: Bearer <token>}; null when there is none. */
    private static String bearer(Context ctx) {
        String header = blankToNull(ctx.header("Authorization"));
        if (header == null) {
            return null;
        }
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw new ApiException(401, "invalid_token", "The Authorization header must be 'Bearer <token>'",
                    CREATE_HINT, Map.of());
        }
        return blankToNull(header.substring(space + 1));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
