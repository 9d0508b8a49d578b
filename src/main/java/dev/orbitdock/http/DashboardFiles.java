package dev.orbitdock.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The web dashboard: plain ES modules and CSS from the jar's {@code /dashboard} folder, served at {@code /}. No
 * token is needed for the files themselves; every piece of data they show comes from {@code /api} and {@code /ws}.
 */
final class DashboardFiles {
    static final String CLASSPATH_FOLDER = "/dashboard";

    private DashboardFiles() {}

    static void register(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = CLASSPATH_FOLDER;
            files.location = Location.CLASSPATH;
            // Revalidate on every load, so a browser never runs modules of an older server against a newer API.
            files.headers = Map.of("Cache-Control", "no-cache");
        });
    }
}
