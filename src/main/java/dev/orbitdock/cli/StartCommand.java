package dev.orbitdock.cli;

import dev.orbitdock.app.Logging;
import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.config.ConfigKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "start", description = "Run the control plane: REST API, WebSocket and the mission orchestrator.")
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--bind", paramLabel = "<host:port>",
            description = "Listen address (default: config 'bind', 127.0.0.1:4000)")
    String bind;

    @Option(names = "--workspace-provider", paramLabel = "<provider>",
            description = "Where agents run for this run only (default: config 'workspace_provider', local)")
    String workspaceProvider;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = new HashMap<>();
        if (bind != null) {
            flags.put(ConfigKeys.BIND.name(), bind);
        }
        if (workspaceProvider != null) {
            flags.put(ConfigKeys.WORKSPACE_PROVIDER.name(), workspaceProvider);
        }
        Services services = root.openServices(flags);
        // Registered before anything starts, so a SIGTERM during start-up still flushes and closes cleanly.
        AtomicReference<Server> started = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            Server running = started.get();
            if (running != null) {
                running.close();
            } else {
                services.close();
            }
        }));
        Server server;
        try {
            Logging.setLevel(services.config().resolve(ConfigKeys.LOG_LEVEL).value());
            services.config().resolve(ConfigKeys.WORKSPACE_PROVIDER); // a typo fails now, not at the first workspace
            server = Server.start(services, Version.current());
            started.set(server);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        root.context().err().println("OrbitDock " + Version.current() + " listening on http://"
                + server.bind().host() + ":" + server.port() + "  (Ctrl-C to stop)");
        root.context().err().flush();
        server.awaitStop();
        return 0;
    }
}
