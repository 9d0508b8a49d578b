package dev.orbitdock.http;

import io.javalin.config.RoutesConfig;
import java.util.function.Supplier;

/** {@code /health} (open, for probes) and {@code /api/server}. */
final class ServerRoutes {
    private final String version;
    private final Supplier<ServerInfo> info;

    ServerRoutes(String version, Supplier<ServerInfo> info) {
        this.version = version;
        this.info = info;
    }

    void register(RoutesConfig routes) {
        routes.get("/health", ctx -> ctx.json(new HealthResponse("ok", version)));
        routes.get("/api/server", ctx -> ctx.json(info.get()));
    }
}
