package dev.orbitdock.http;

import dev.orbitdock.auth.TokenService;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.mission.MissionQueries;
import dev.orbitdock.mission.MissionService;
import dev.orbitdock.mission.MissionTools;
import dev.orbitdock.store.Database;
import dev.orbitdock.sync.SyncReceiver;
import dev.orbitdock.workspace.WorkspaceDestroyer;
import dev.orbitdock.workspace.WorkspaceRegistry;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API and the {@code /ws} event stream. Request handlers run on virtual threads; {@link #stop()} stops
 * accepting, lets in-flight requests finish (up to {@link Options#stopTimeout()}) and closes WebSockets with 1001.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final Duration WS_CLOSE_WAIT = Duration.ofSeconds(2);

    /** What the server serves. */
    public record Deps(Database database, TokenService tokens, ConfigStore config, MissionService missions,
                       MissionTools missionTools, EventHub events, SyncReceiver sync, WorkspaceRegistry workspaces,
                       WorkspaceDestroyer destroyer, String version, Clock clock) {
        /** Without an orchestrator: destroying a workspace marks its row destroyed and revokes its token, no more. */
        public Deps(Database database, TokenService tokens, ConfigStore config, MissionService missions,
                    MissionTools missionTools, EventHub events, SyncReceiver sync, WorkspaceRegistry workspaces,
                    String version, Clock clock) {
            this(database, tokens, config, missions, missionTools, events, sync, workspaces,
                    workspaces == null ? null : workspaces::destroy, version, clock);
        }

        public Deps {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(missions, "missions");
            Objects.requireNonNull(missionTools, "missionTools");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(sync, "sync");
            Objects.requireNonNull(workspaces, "workspaces");
            Objects.requireNonNull(destroyer, "destroyer");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /**
     * Limits. {@code maxSyncBodyBytes} is for {@code /api/sync}, whose batches are bigger than anything else.
     * {@code stopTimeout} bounds how long {@link #stop()} waits for in-flight requests.
     */
    public record Options(long maxBodyBytes, long maxSyncBodyBytes, Duration stopTimeout) {
        public static final long MIB = 1024 * 1024;
        public static final Options DEFAULT = new Options(MIB, 8 * MIB, Duration.ofSeconds(10));

        public Options {
            if (maxBodyBytes < 1 || maxSyncBodyBytes < 1) {
                throw new IllegalArgumentException("body limits must be positive");
            }
            Objects.requireNonNull(stopTimeout, "stopTimeout");
        }
    }

    private final Deps deps;
    private final Options options;
    // Written under the monitor by start/stop; read without it, so port() answers while stop() drains.
    private volatile Javalin app;
    private volatile WsEndpoint ws;
    private volatile GracefulHandler graceful;
    private volatile int boundPort;
    private volatile Instant startedAt;
    private volatile String bind;

    public ApiServer(Deps deps) {
        this(deps, Options.DEFAULT);
    }

    public ApiServer(Deps deps, Options options) {
        this.deps = Objects.requireNonNull(deps, "deps");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Binds and starts serving. On a loopback address, requests without a token are let through for as long as
     * no API token exists (single-user convenience); anywhere else a token is always required.
     *
     * @throws OrbitDockException {@code port_in_use} when the address is taken
     */
    public synchronized void start(String host, int port) {
        if (app != null) {
            throw new IllegalStateException("the API server is already running");
        }
        String bare = JavalinDefaults.bareHost(host);
        boolean loopback = JavalinDefaults.isLoopback(bare);
        AuthFilter auth = new AuthFilter(deps.tokens(), loopback);
        JsonBodies bodies = new JsonBodies(options.maxBodyBytes(), Map.of(SyncRoutes.PATH, options.maxSyncBodyBytes()));
        WsEndpoint endpoint = new WsEndpoint(deps.events(), deps.version(),
                new LiveQueries(new MissionQueries(deps.database()), new SessionQueries(deps.database()),
                        deps.workspaces()));
        // What makes stop() wait for in-flight requests. While draining, Jetty gives connections a 1 s idle timeout:
        // idle keep-alive connections close and a client that stalls mid-request is cut off; busy handlers are not.
        GracefulHandler gracefulHandler = new GracefulHandler();
        Javalin javalin = Javalin.create(config -> configure(config, auth, bodies, endpoint, gracefulHandler));
        JavalinDefaults.start(javalin, host, port);
        app = javalin;
        ws = endpoint;
        graceful = gracefulHandler;
        boundPort = javalin.port();
        startedAt = deps.clock().instant();
        bind = (bare.contains(":") ? "[" + bare + "]" : bare) + ":" + boundPort;
        if (!deps.tokens().hasActiveApiToken()) {
            if (loopback) {
                log.warn("No API token exists, so the API on {} accepts requests without one (loopback only)."
                        + " Create one with: orbitdock token create --label <name>", bind);
            } else {
                log.warn("No API token exists, so every API request on {} will be refused."
                        + " Create one with: orbitdock token create --label <name>", bind);
            }
        }
    }

    /** The port actually bound (useful after {@code start(host, 0)}); still answers while stop() drains. */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("the API server is not running");
        }
        return boundPort;
    }

    /** Graceful: stops accepting, closes WebSockets with 1001, lets in-flight requests finish. Idempotent. */
    public synchronized void stop() {
        if (app == null) {
            return;
        }
        try {
            ws.closeAll(WS_CLOSE_WAIT);
            app.stop();
        } finally {
            app = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Requests being handled right now (tests use it to catch one in flight). */
    long inFlightRequests() {
        GracefulHandler handler = graceful;
        return handler == null ? 0 : handler.getCurrentRequestCount();
    }

    private void configure(JavalinConfig config, AuthFilter auth, JsonBodies bodies, WsEndpoint endpoint,
                           GracefulHandler gracefulHandler) {
        JavalinDefaults.apply(config);
        // Bodies are read through JsonBodies, which applies the per-path limit; this only caps ctx.body().
        config.http.maxRequestSize = Math.max(options.maxBodyBytes(), options.maxSyncBodyBytes());
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(options.stopTimeout().toMillis());
            server.insertHandler(gracefulHandler);
            server.setErrorHandler(new JettyErrorHandler());
        });
        config.jetty.modifyServletContextHandler(context -> {
            context.setErrorHandler(new JettyErrorHandler());
            // Every WebSocket upgrade creates an HTTP session (a JSESSIONID on the 101), which Jetty would keep
            // forever by default. Nothing here uses sessions: send no cookie, and let them expire soon.
            if (context.getSessionHandler() != null) {
                context.getSessionHandler().setUsingCookies(false);
                context.getSessionHandler().setMaxInactiveInterval(60);
            }
        });
        config.jetty.modifyWebSocketServletFactory(factory ->
                factory.setIdleTimeout(WsEndpoint.PING_INTERVAL.multipliedBy(4)));

        config.routes.before("/api/*", auth::requireForHttp);
        config.routes.before("/api/*", bodies::rejectDeclaredOversize);
        config.routes.wsBeforeUpgrade(WsEndpoint.PATH, auth::requireForWebSocket);

        new ServerRoutes(deps.version(), this::info).register(config.routes);
        new ConfigRoutes(deps.config(), bodies).register(config.routes);
        new ServerConfigRoutes(deps.config(), bodies).register(config.routes);
        new SessionRoutes(new SessionQueries(deps.database())).register(config.routes);
        new MissionRoutes(deps.missions(), bodies).register(config.routes);
        new MissionToolRoutes(deps.missionTools(), bodies).register(config.routes);
        new SyncRoutes(deps.sync(), bodies).register(config.routes);
        new WorkspaceRoutes(deps.workspaces(), deps.destroyer(), bodies).register(config.routes);
        endpoint.register(config.routes);
        DashboardFiles.register(config);
    }

    private ServerInfo info() {
        Instant now = deps.clock().instant();
        return new ServerInfo(deps.version(), bind, startedAt, Math.max(0, Duration.between(startedAt, now).toSeconds()),
                deps.database().file().toAbsolutePath().toString());
    }
}
