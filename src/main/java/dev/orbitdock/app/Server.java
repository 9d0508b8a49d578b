package dev.orbitdock.app;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.http.ApiServer;
import dev.orbitdock.common.Durations;
import dev.orbitdock.mission.MissionOrchestrator;
import dev.orbitdock.sync.SyncLogSweeper;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code orbitdock start}: the control plane's HTTP server over {@link Services}, stopped in order on SIGTERM. */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final Services services;
    private final MissionOrchestrator orchestrator;
    private final SyncLogSweeper sweeper;
    private final ApiServer api;
    private final BindAddress bind;
    private final ServerLock lock;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Server(Services services, MissionOrchestrator orchestrator, SyncLogSweeper sweeper, ApiServer api,
                   BindAddress bind, ServerLock lock) {
        this.services = services;
        this.sweeper = sweeper;
        this.lock = lock;
        this.orchestrator = orchestrator;
        this.api = api;
        this.bind = bind;
    }

    /** Starts listening; refuses a non-loopback address while no API token exists. */
    public static Server start(Services services, String version) {
        BindAddress bind = BindAddress.parse(services.config().resolve(ConfigKeys.BIND).value());
        boolean hasToken = services.tokens().hasActiveApiToken();
        if (!bind.isLoopback() && !hasToken) {
            throw new OrbitDockException("bind_without_token", "Refusing to listen on " + bind
                    + " without an API token: anyone who can reach it could drive your agents",
                    "create one first (orbitdock token create --label <name>), or bind to 127.0.0.1");
        }
        ServerLock lock = ServerLock.acquire(services.dataDir().path());
        // Local agents reach the mission tools on this machine, whatever address the server is bound to. The port
        // is read when an agent starts, after the API server (built below, around the orchestrator) listens.
        String toolsHost = bind.host().equals("0.0.0.0") || bind.host().equals("::") ? "127.0.0.1" : bind.host();
        AtomicReference<ApiServer> serving = new AtomicReference<>();
        MissionOrchestrator orchestrator = services.orchestrator(() -> URI.create("http://"
                + (toolsHost.contains(":") ? "[" + toolsHost + "]" : toolsHost) + ":" + serving.get().port()));
        ApiServer api = new ApiServer(new ApiServer.Deps(services.database(), services.tokens(), services.config(),
                services.missions(), services.missionTools(), services.events(), services.sync(), services.workspaces(),
                orchestrator::destroyWorkspace, version, services.clock()));
        serving.set(api);
        SyncLogSweeper sweeper = new SyncLogSweeper(services.writer(), services.clock(), Durations.parsePositive(
                services.config().resolve(ConfigKeys.SYNC_LOG_RETENTION).value()), SWEEP_INTERVAL);
        try {
            api.start(bind.host(), bind.port()); // first: a taken port must fail before the orchestrator acts
            orchestrator.start();
            sweeper.start();
        } catch (RuntimeException e) {
            sweeper.close();
            orchestrator.close();
            api.stop();
            lock.close();
            throw e;
        }
        log.debug("OrbitDock {} listening on http://{}:{} (data: {})", version, bind.host(), api.port(),
                services.dataDir().path());
        return new Server(services, orchestrator, sweeper, api, bind, lock);
    }

    public int port() {
        return api.port();
    }

    public BindAddress bind() {
        return bind;
    }

    /** Blocks until {@link #close()} has finished, e.g. from the SIGTERM hook. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stop the orchestrator (and its agents), stop accepting, finish in-flight requests, flush, close the database. */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            sweeper.close();
            orchestrator.close();
            api.stop();
        } finally {
            services.close();
            lock.close();
            stopped.countDown();
            log.info("OrbitDock stopped");
        }
    }
}
