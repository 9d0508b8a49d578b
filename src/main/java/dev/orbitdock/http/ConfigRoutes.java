package dev.orbitdock.http;

import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/config}: list, get, set and unset settings. Secrets go in, never come out in clear. */
final class ConfigRoutes {
    private final ConfigStore config;
    private final JsonBodies bodies;

    ConfigRoutes(ConfigStore config, JsonBodies bodies) {
        this.config = config;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/config", ctx -> ctx.json(new ConfigSettings(
                config.list().stream().map(ConfigSetting::of).toList())));
        // /api/server/config/{key} is the same resource under the server's namespace (issue 7 names both).
        for (String base : new String[] {"/api/config/{key}", "/api/server/config/{key}"}) {
            routes.get(base, ctx -> ctx.json(ConfigSetting.of(config.get(ctx.pathParam("key")))));
            routes.put(base, this::set);
            routes.delete(base, ctx -> {
                config.unset(ctx.pathParam("key"));
                ctx.status(204);
            });
        }
    }

    private void set(Context ctx) {
        String key = ConfigKeys.require(ctx.pathParam("key")).name(); // an unknown key is a 404 whatever the body
        SetConfigRequest request = bodies.read(ctx, SetConfigRequest.class);
        if (request.value() == null) {
            throw ApiException.badRequest("Field 'value' is required (a string)");
        }
        config.set(key, request.value());
        ctx.json(ConfigSetting.of(config.get(key)));
    }
}
