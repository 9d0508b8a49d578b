package dev.orbitdock.workspace;

import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.config.DataDir;
import java.nio.file.Path;
import java.util.Map;

/**
 * A control plane for the remote providers' mission tests: its services and API server on loopback, with
 * {@code public_server_url} pointing at that server and the provider's settings applied.
 */
public record ControlPlane(Services services, Server server) implements AutoCloseable {
    public static ControlPlane start(Path dataDir, Map<String, String> settings) throws Exception {
        Services services = Services.open(new DataDir(dataDir), Map.of(), Map.of("bind", "127.0.0.1:0"));
        Server server = Server.start(services, "test");
        services.config().set("public_server_url", "http://127.0.0.1:" + server.port());
        settings.forEach(services.config()::set);
        return new ControlPlane(services, server);
    }

    @Override
    public void close() {
        server.close();
    }
}
