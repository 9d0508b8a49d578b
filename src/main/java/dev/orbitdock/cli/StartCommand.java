package dev.orbitdock.cli;

import dev.orbitdock.app.Logging;
import dev.orbitdock.app.ManagedOptions;
import dev.orbitdock.app.ManagedRun;
import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.common.Durations;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "start", description = {"Run the control plane: REST API, WebSocket and the mission orchestrator.",
        "With --managed: run one agent session in a workspace and replicate it to the control plane; exit status 0"
                + " when everything is replicated, 3 when the drain deadline passed (rows stay for the next start),"
                + " 4 when the control plane refused the token."})
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Mixin
    ManagedFlags managed;

    @Option(names = "--bind", paramLabel = "<host:port>",
            description = "Listen address (default: config 'bind', 127.0.0.1:4000)")
    String bind;

    @Option(names = "--workspace-provider", paramLabel = "<provider>",
            description = "Where agents run for this run only (default: config 'workspace_provider', local)")
    String workspaceProvider;

    @Override
    public Integer call() throws InterruptedException {
        if (managed.managed) {
            return callManaged();
        }
        if (!managed.strayManagedFlags().isEmpty()) {
            throw new OrbitDockException("managed_flags_without_managed", String.join(", ",
                    managed.strayManagedFlags()) + " only apply with --managed", "add --managed, or drop them");
        }
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

    private int callManaged() throws InterruptedException {
        if (workspaceProvider != null) {
            throw new OrbitDockException("managed_flags_without_managed", "--workspace-provider does not apply with"
                    + " --managed (it runs on the workspace itself)", "drop --workspace-provider");
        }
        Services services = root.openManagedServices();
        ManagedRun run;
        ManagedOptions options;
        try {
            Logging.setLevel(services.config().resolve(ConfigKeys.LOG_LEVEL).value());
            options = managed.options(bind, Durations.parsePositive(
                    services.config().resolve(ConfigKeys.SYNC_DRAIN_TIMEOUT).value()), root.context().env());
            run = new ManagedRun(services, options, root.context().env().get(ManagedRun.TOKEN_ENV),
                    root.context().env().get(ManagedRun.ISSUE_TOKEN_ENV), this::say);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        CountDownLatch finished = new CountDownLatch(1);
        long hookWaitSeconds = options.drainTimeout().toSeconds() + 15;
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            run.requestShutdown("SIGTERM");
            try {
                finished.await(hookWaitSeconds, TimeUnit.SECONDS); // the JVM exits when the hook returns
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            ManagedRun.Result result = run.run();
            say(switch (result.outcome()) {
                case DRAINED -> "done: session ended (" + result.agentEnd() + "), everything replicated";
                case NOT_DRAINED -> "not drained: " + result.pending() + " commands still in the outbox after "
                        + Durations.format(options.drainTimeout()) + (result.syncError() == null ? ""
                        : " (last error: " + result.syncError() + ")") + "; run the same command again to resume";
                case SYNC_REFUSED -> "sync refused: " + result.syncError() + "; " + result.pending()
                        + " commands not replicated";
            });
            return result.outcome().exitCode();
        } finally {
            services.close();
            finished.countDown();
        }
    }

    private void say(String line) {
        root.context().err().println(line);
        root.context().err().flush();
    }
}
