package dev.orbitdock.app;

import dev.orbitdock.agent.AgentRunners;
import dev.orbitdock.agent.ProcessOptions;
import dev.orbitdock.agent.SessionRecorder;
import dev.orbitdock.auth.TokenService;
import dev.orbitdock.common.Durations;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.config.SecretKeyFile;
import dev.orbitdock.http.EventHub;
import dev.orbitdock.mission.MissionOrchestrator;
import dev.orbitdock.mission.MissionQueries;
import dev.orbitdock.mission.MissionService;
import dev.orbitdock.mission.MissionTools;
import dev.orbitdock.mission.MissionToolsAccess;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.CommitListener;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.SyncOutbox;
import dev.orbitdock.sync.SyncReceiver;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.mission.RemoteSettings;
import dev.orbitdock.workspace.WorkspaceRegistry;
import dev.orbitdock.workspace.local.LocalWorktreeProvider;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The composition root: every service, built from one data dir, closed in reverse order (writer first, so all
 * queued writes commit before the database closes). A managed instance ({@link Mode#MANAGED}) also keeps the
 * transactional sync outbox.
 */
public final class Services implements AutoCloseable {
    /** The control plane, or a managed instance that replicates every mutation through its outbox. */
    public enum Mode { CONTROL_PLANE, MANAGED }

    private final DataDir dataDir;
    private final Database database;
    private final EventHub events;
    private final PersistenceWriter writer;
    private final ConfigStore config;
    private final TokenService tokens;
    private final MissionService missions;
    private final MissionTrackers trackers;
    private final MissionTools missionTools;
    private final SyncReceiver sync;
    private final WorkspaceRegistry workspaces;
    private final List<Runnable> commitHooks;
    private final Clock clock;
    private final IdGenerator ids;
    private final Map<String, String> env;
    /** The providers of every orchestrator built here: remote ones hold connections until shutdown. */
    private final List<ProviderCache> providerCaches = new CopyOnWriteArrayList<>();

    private Services(DataDir dataDir, Database database, EventHub events, PersistenceWriter writer,
                     List<Runnable> commitHooks, ConfigStore config, TokenService tokens, Clock clock, IdGenerator ids,
                     Map<String, String> env) {
        this.commitHooks = commitHooks;
        this.dataDir = dataDir;
        this.database = database;
        this.events = events;
        this.writer = writer;
        this.config = config;
        this.tokens = tokens;
        this.clock = clock;
        this.ids = ids;
        this.env = Map.copyOf(env);
        this.missions = new MissionService(new MissionQueries(database), writer, clock, ids);
        this.trackers = new MissionTrackers(clock, config, env);
        this.missionTools = new MissionTools(new MissionQueries(database), writer, clock, trackers);
        this.sync = new SyncReceiver(writer, clock);
        this.workspaces = new WorkspaceRegistry(database, writer, tokens, clock, ids);
    }

    /** Opens the data dir (creating it if needed) with the real clock and randomness. */
    public static Services open(DataDir dataDir, Map<String, String> env, Map<String, String> flags) {
        return open(dataDir, env, flags, Mode.CONTROL_PLANE);
    }

    public static Services open(DataDir dataDir, Map<String, String> env, Map<String, String> flags, Mode mode) {
        return open(dataDir, env, flags, mode, Clock.systemUTC(), new SecureRandom());
    }

    /** @param flags command-line settings (config key name → value) that override everything else for this run */
    public static Services open(DataDir dataDir, Map<String, String> env, Map<String, String> flags, Mode mode,
                                Clock clock, SecureRandom random) {
        dataDir.ensureWritable();
        Database database = Database.open(dataDir.databaseFile());
        EventHub events = new EventHub();
        List<Runnable> commitHooks = new CopyOnWriteArrayList<>();
        CommitListener listener = applied -> {
            events.committed(applied);
            commitHooks.forEach(Runnable::run);
        };
        PersistenceWriter writer = new PersistenceWriter(database, listener, PersistenceWriter.DEFAULT_QUEUE_CAPACITY,
                mode == Mode.MANAGED ? new SyncOutbox(clock) : null);
        ConfigStore config = new ConfigStore(database, writer, new SecretKeyFile(dataDir.secretKeyFile(), random),
                env, Map.of(), clock, random).withFlags(flags);
        TokenService tokens = new TokenService(database, writer, clock, random);
        return new Services(dataDir, database, events, writer, commitHooks, config, tokens, clock,
                IdGenerator.random(), env);
    }

    public DataDir dataDir() {
        return dataDir;
    }

    public Database database() {
        return database;
    }

    public EventHub events() {
        return events;
    }

    public PersistenceWriter writer() {
        return writer;
    }

    public ConfigStore config() {
        return config;
    }

    public TokenService tokens() {
        return tokens;
    }

    public MissionTools missionTools() {
        return missionTools;
    }

    public MissionService missions() {
        return missions;
    }

    /** Applies workspaces' replicated commands ({@code POST /api/sync}). */
    public SyncReceiver sync() {
        return sync;
    }

    /** Workspaces run by managed instances: ids, scoped tokens, sync health. */
    public WorkspaceRegistry workspaces() {
        return workspaces;
    }

    /** Runs {@code hook} on the writer thread after every commit; it must not block (e.g. wake a sender). */
    public void onCommit(Runnable hook) {
        commitHooks.add(hook);
    }

    public Clock clock() {
        return clock;
    }

    public IdGenerator ids() {
        return ids;
    }

    /** A new orchestrator over this data dir, with the one registry of trackers, providers and agents. */
    public MissionOrchestrator orchestrator() {
        return orchestrator(MissionToolsAccess.NONE);
    }

    /** Like {@link #orchestrator()}, its agents reaching their mission tools through the API server at that URL. */
    public MissionOrchestrator orchestrator(Supplier<URI> apiUrl) {
        return orchestrator(new MissionToolGrants(tokens, apiUrl, MissionToolGrants.orbitdockCommand(
                config.resolve(ConfigKeys.MISSION_TOOLS_COMMAND).value())));
    }

    private MissionOrchestrator orchestrator(MissionToolsAccess missionTools) {
        AgentCredentials credentials = new AgentCredentials(config, env);
        var agents = AgentRunners.standard(new SessionRecorder(writer, ids, clock), ProcessOptions.DEFAULTS,
                credentials);
        ProviderCache cache = new ProviderCache(new LocalWorktreeProvider(agents, clock), config, env);
        providerCaches.add(cache);
        RemoteSettings remote = new RemoteSettings(workspaces,
                () -> config.resolve(ConfigKeys.WORKSPACE_PROVIDER).value(),
                () -> config.resolve(ConfigKeys.PUBLIC_SERVER_URL).value(), credentials::forRemote,
                () -> Durations.parsePositive(config.resolve(ConfigKeys.WORKSPACE_CONNECT_TIMEOUT).value()));
        return new MissionOrchestrator(new MissionOrchestrator.Deps(new MissionQueries(database), writer, clock, ids,
                trackers, cache, dataDir.path(), remote, missionTools));
    }

    /**
     * {@code orbitdock workspace destroy}: as the API's destroy, or left to the running server when a run of its
     * is in flight there ({@link WorkspaceDestroys}).
     *
     * @throws dev.orbitdock.common.OrbitDockException {@code workspace_not_found}
     */
    public WorkspaceDestroys.Result destroyWorkspace(String workspaceId) {
        return WorkspaceDestroys.destroy(this, workspaceId);
    }

    @Override
    public void close() {
        providerCaches.forEach(ProviderCache::close);
        writer.close();
        database.close();
    }
}
