package dev.orbitdock.app;

import dev.orbitdock.agent.AgentRunners;
import dev.orbitdock.agent.ProcessOptions;
import dev.orbitdock.agent.SessionRecorder;
import dev.orbitdock.auth.TokenService;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.config.SecretKeyFile;
import dev.orbitdock.http.EventHub;
import dev.orbitdock.mission.MissionOrchestrator;
import dev.orbitdock.mission.MissionQueries;
import dev.orbitdock.mission.MissionService;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.sync.SyncReceiver;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.local.LocalWorktreeProvider;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * The composition root: every service, built from one data dir, closed in reverse order (writer first, so all
 * queued writes commit before the database closes).
 */
public final class Services implements AutoCloseable {
    private final DataDir dataDir;
    private final Database database;
    private final EventHub events;
    private final PersistenceWriter writer;
    private final ConfigStore config;
    private final TokenService tokens;
    private final MissionService missions;
    private final SyncReceiver sync;
    private final Clock clock;
    private final IdGenerator ids;
    private final Map<String, String> env;

    private Services(DataDir dataDir, Database database, EventHub events, PersistenceWriter writer,
                     ConfigStore config, TokenService tokens, Clock clock, IdGenerator ids, Map<String, String> env) {
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
        this.sync = new SyncReceiver(writer, clock);
    }

    /** Opens the data dir (creating it if needed) with the real clock and randomness. */
    public static Services open(DataDir dataDir, Map<String, String> env, Map<String, String> flags) {
        return open(dataDir, env, flags, Clock.systemUTC(), new SecureRandom());
    }

    /** @param flags command-line settings (config key name → value) that override everything else for this run */
    public static Services open(DataDir dataDir, Map<String, String> env, Map<String, String> flags, Clock clock,
                                SecureRandom random) {
        dataDir.ensureWritable();
        Database database = Database.open(dataDir.databaseFile());
        EventHub events = new EventHub();
        PersistenceWriter writer = new PersistenceWriter(database, events);
        ConfigStore config = new ConfigStore(database, writer, new SecretKeyFile(dataDir.secretKeyFile(), random),
                env, Map.of(), clock, random).withFlags(flags);
        TokenService tokens = new TokenService(database, writer, clock, random);
        return new Services(dataDir, database, events, writer, config, tokens, clock, IdGenerator.random(), env);
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

    public MissionService missions() {
        return missions;
    }

    /** Applies workspaces' replicated commands ({@code POST /api/sync}). */
    public SyncReceiver sync() {
        return sync;
    }

    public Clock clock() {
        return clock;
    }

    /** A new orchestrator over this data dir, with the one registry of trackers, providers and agents. */
    public MissionOrchestrator orchestrator() {
        var agents = AgentRunners.standard(new SessionRecorder(writer, ids, clock), ProcessOptions.DEFAULTS,
                new AgentCredentials(config, env));
        return new MissionOrchestrator(new MissionOrchestrator.Deps(new MissionQueries(database), writer, clock, ids,
                new MissionTrackers(clock, config, env), Map.of(WorkspaceKind.LOCAL, new LocalWorktreeProvider(agents, clock)),
                dataDir.path()));
    }

    @Override
    public void close() {
        writer.close();
        database.close();
    }
}
