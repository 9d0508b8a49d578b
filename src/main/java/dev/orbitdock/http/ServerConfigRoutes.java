package dev.orbitdock.http;

import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.config.ConfigValue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;

/** {@code /api/server/workspace-provider}: the default workspace provider as its own resource. */
final class ServerConfigRoutes {
    /** {@code GET/PUT /api/server/workspace-provider}; {@code source} only in responses. */
    record WorkspaceProvider(String workspaceProvider, String source) {}

    private final ConfigStore config;
    private final JsonBodies bodies;

    ServerConfigRoutes(ConfigStore config, JsonBodies bodies) {
        this.config = config;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/server/workspace-provider", ctx -> ctx.json(provider()));
        routes.put("/api/server/workspace-provider", this::setProvider);
    }

    private WorkspaceProvider provider() {
        ConfigValue value = config.resolve(ConfigKeys.WORKSPACE_PROVIDER);
        return new WorkspaceProvider(value.value(), value.source().name().toLowerCase(Locale.ROOT));
    }

    private void setProvider(Context ctx) {
        String wanted = bodies.read(ctx, WorkspaceProvider.class).workspaceProvider();
        var valid = ConfigKeys.WORKSPACE_PROVIDER.choices();
        if (wanted == null || !valid.contains(wanted)) {
            throw new ApiException(400, "invalid_workspace_provider", wanted == null
                    ? "Field 'workspace_provider' is required (a string)"
                    : "Unknown workspace provider '" + wanted + "'", "valid: " + String.join(", ", valid),
                    Map.of("valid", valid));
        }
        config.set(ConfigKeys.WORKSPACE_PROVIDER.name(), wanted);
        ctx.json(provider());
    }
}
