package dev.orbitdock.cli;

import dev.orbitdock.app.Logging;
import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.config.ConfigKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "start", description = "Run the control plane: REST API, WebSocket and (later) the orchestrator.")
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--bind", paramLabel = "<host:port>",
            description = "Listen address (default: config 'bind', 127.0.0.1:4000)")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = new HashMap<>();
        if (bind != null) {
            flags.put(ConfigKeys.BIND.name(), bind);
        }
        Services services = root.openServices(flags);
        Server server;
        try {
            Logging.setLevel(services.config().resolve(ConfigKeys.LOG_LEVEL).value());
            server = Server.start(services, Version.current());
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(server::close));
        root.context().err().println("OrbitDock " + Version.current() + " listening on http://"
                + server.bind().host() + ":" + server.port() + "  (Ctrl-C to stop)");
        root.context().err().flush();
        server.awaitStop();
        return 0;
    }
}
