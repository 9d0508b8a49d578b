package dev.orbitdock.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.mission.InvalidTransitionException;
import dev.orbitdock.config.InvalidConfigValueException;
import dev.orbitdock.config.UnknownConfigKeyException;
import dev.orbitdock.store.CommandRejectedException;
import dev.orbitdock.store.StoreException;
import dev.orbitdock.store.WriterClosedException;
import dev.orbitdock.sync.SyncBatch;
import dev.orbitdock.sync.SyncRejection;
import dev.orbitdock.tracker.TrackerException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception a handler or filter throws into {@code {"code","error"[,"hint",…]}}. Only the 500 path
 * logs, with the stack trace; bodies never carry a trace, a request body or a secret.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    static final String INTERNAL_MESSAGE = "internal error (see server log)";

    /** A mapped failure: its status and its body. */
    record ApiError(int status, ObjectNode body) {}

    void register(RoutesConfig routes) {
        // Javalin picks the most specific registered class and pre-registers its own plain-text handler for
        // HttpResponseException (404, 405, 413 …), so that one must be replaced explicitly.
        routes.exception(Exception.class, this::handle);
        routes.exception(HttpResponseException.class, this::handle);
    }

    void handle(Exception e, Context ctx) {
        ApiError error = map(e, ctx);
        if (error.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(error.status()).json(error.body());
    }

    ApiError map(Exception e, Context ctx) {
        return switch (e) {
            case ApiException a -> new ApiError(a.status(), body(a.code(), a.getMessage(), a.hint(), a.extra()));
            case UnknownConfigKeyException u -> new ApiError(404,
                    body(u.code(), u.getMessage(), u.hint(), Map.of("valid_keys", u.validKeys())));
            case InvalidConfigValueException i -> new ApiError(400, body(i.code(), i.getMessage(), i.hint(), Map.of()));
            // A store failure is the server's problem, not the caller's, whatever its OrbitDockException type says.
            case StoreException s -> internal(s, ctx);
            case InvalidTransitionException t -> new ApiError(409, body(t.code(), t.getMessage(), t.hint(), Map.of()));
            case OrbitDockException o -> new ApiError(o.code().endsWith("_not_found") ? 404 : 400,
                    body(o.code(), o.getMessage(), o.hint(), Map.of()));
            case HttpResponseException h -> fromJavalin(h, ctx);
            case WriterClosedException w -> new ApiError(503,
                    body("shutting_down", "the server is shutting down; nothing was written", "retry later", Map.of()));
            case SyncRejection r -> sync(r);
            case TrackerException.Invalid t -> new ApiError(400, body("tracker_refused", t.getMessage(), null, Map.of()));
            // The tracker behind a mission tool failed: the caller's request was fine, the upstream was not.
            case TrackerException t -> new ApiError(502, body("tracker_error", t.getMessage(), null, Map.of()));
            case CommandRejectedException c -> new ApiError(409, body("command_rejected", c.getMessage(), null, Map.of()));
            default -> internal(e, ctx);
        };
    }

    /** The one place sync rejections become status codes (ARCHITECTURE §4). */
    private static ApiError sync(SyncRejection rejection) {
        String message = rejection.getMessage();
        return switch (rejection) {
            case SyncRejection.SequenceGap g -> new ApiError(409, body("sync_sequence_gap", message,
                    "resend from sequence " + g.expected(),
                    Map.of("expected", g.expected(), "acked_through", g.ackedThrough())));
            case SyncRejection.StaleGeneration s -> new ApiError(409, body("stale_generation", message,
                    "a newer instance of this workspace has synced; stop this one",
                    Map.of("acked_through", s.ackedThrough())));
            case SyncRejection.ScopeViolation v -> new ApiError(403, body("sync_scope_violation", message, null,
                    Map.of()));
            case SyncRejection.UnknownWorkspace u -> new ApiError(401, body("invalid_workspace_token",
                    "The workspace token is unknown, revoked or expired", null, Map.of()));
            case SyncRejection.MalformedBatch m when m.tooLarge() -> new ApiError(413, body("batch_too_large", message,
                    null, Map.of("max_envelopes", SyncBatch.MAX_ENVELOPES)));
            case SyncRejection.MalformedBatch m -> new ApiError(400, body("malformed_batch", message, null, Map.of()));
        };
    }

    private static ApiError fromJavalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        return switch (status) {
            case 404 -> new ApiError(404, body("not_found", "No route for " + ctx.method() + " " + ctx.path(), null,
                    Map.of()));
            case 405 -> new ApiError(405, body("method_not_allowed", "Method " + ctx.method() + " is not allowed on "
                    + ctx.path(), null, Map.of()));
            case 413 -> new ApiError(413, body("payload_too_large", "Request body is too large", null, Map.of()));
            default -> new ApiError(status, body(JettyErrorHandler.codeFor(status), e.getMessage(), null, Map.of()));
        };
    }

    private static ApiError internal(Exception e, Context ctx) {
        // The path only: query strings may carry a token (?token= on /ws).
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        return new ApiError(500, body("internal_error", INTERNAL_MESSAGE, null, Map.of()));
    }

    static ObjectNode body(String code, String message, String hint, Map<String, Object> extra) {
        ObjectNode node = ApiJson.mapper().createObjectNode();
        node.put("code", code);
        node.put("error", message);
        if (hint != null) {
            node.put("hint", hint);
        }
        extra.forEach((name, value) -> node.set(name, ApiJson.mapper().valueToTree(value)));
        return node;
    }
}
