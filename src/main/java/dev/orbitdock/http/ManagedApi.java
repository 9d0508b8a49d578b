package dev.orbitdock.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The managed instance's own small API: {@code GET /health} (open: what runs and how far replication is) and
 * {@code POST /api/shutdown}, which only the workspace's token may call and which starts the graceful drain.
 * The control plane reaches it through the provider (SSH, the sandbox's exec), so it listens on loopback by default.
 */
public final class ManagedApi implements AutoCloseable {
    public static final String SHUTDOWN_PATH = "/api/shutdown";

    /**
     * @param workspaceToken the sync token this instance was started with; never logged
     * @param shutdown       starts the drain and returns at once
     * @param status         the body of {@code /health}
     */
    public record Deps(String workspaceToken, Runnable shutdown, Supplier<Object> status) {
        public Deps {
            Objects.requireNonNull(workspaceToken, "workspaceToken");
            Objects.requireNonNull(shutdown, "shutdown");
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String toString() {
            return "ManagedApi.Deps";
        }
    }

    private final Deps deps;
    private Javalin app;

    public ManagedApi(Deps deps) {
        this.deps = Objects.requireNonNull(deps, "deps");
    }

    /** @throws dev.orbitdock.common.OrbitDockException {@code port_in_use} */
    public synchronized void start(String host, int port) {
        Javalin javalin = Javalin.create(config -> {
            JavalinDefaults.apply(config);
            config.routes.get("/health", ctx -> ctx.json(deps.status().get()));
            config.routes.post(SHUTDOWN_PATH, this::shutdown);
        });
        JavalinDefaults.start(javalin, host, port);
        app = javalin;
    }

    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("the managed API is not running");
        }
        return app.port();
    }

    private void shutdown(Context ctx) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                deps.workspaceToken().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "invalid_workspace_token", "Only this workspace's token may shut it down",
                    "send 'Authorization: Bearer <the workspace token>'", Map.of());
        }
        deps.shutdown().run();
        ctx.status(202).json(Map.of("status", "draining"));
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
