package dev.orbitdock.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.agent.AgentRunners;
import dev.orbitdock.agent.McpServer;
import dev.orbitdock.agent.ProcessTree;
import dev.orbitdock.agent.SessionRecorder;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.http.ManagedApi;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.sync.HttpSyncTransport;
import dev.orbitdock.sync.SyncWriter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code orbitdock start --managed}: runs exactly one agent session under the control plane's pre-allocated ids
 * against this instance's own database, replicates every mutation through the outbox, and when the agent ends
 * (or {@code POST /api/shutdown} or SIGTERM asks) drains the outbox within the deadline.
 *
 * <p>Started again after a crash with the same ids and data dir, it does not run the agent a second time: it ends
 * the session the dead instance left open (and that instance's orphaned agent), then replicates what is left.
 */
public final class ManagedRun {
    /** Where the workspace token comes from: never a command-line argument. */
    public static final String TOKEN_ENV = AgentLaunch.SYNC_TOKEN_ENV;
    /** Where the token of the mission issue's tools comes from (a mission run only), also never an argument. */
    public static final String ISSUE_TOKEN_ENV = MissionToolGrants.TOKEN_ENV;
    static final String INTERRUPTED = "interrupted: the managed instance stopped before the agent ended";

    /** How the run ended; {@link #exitCode()} is the process's status. */
    public enum Outcome {
        /** Everything the session wrote is on the control plane. */
        DRAINED(0),
        /** The deadline passed with rows still in the outbox; they stay there for the next start. */
        NOT_DRAINED(3),
        /** The control plane refused for good (token revoked, another instance took over, a refused batch). */
        SYNC_REFUSED(4);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** @param agentEnd why the session ended; {@code pending} outbox rows left; {@code syncError} when refused */
    public record Result(Outcome outcome, String agentEnd, long pending, String syncError) {}

    private final Services services;
    private final ManagedOptions options;
    private final String token;
    private final String issueToken;
    private final Consumer<String> progress;
    private final CompletableFuture<String> shutdown = new CompletableFuture<>();
    private final AgentPidFile pidFile;
    private volatile String phase = "starting";
    private volatile SyncWriter sync;

    /**
     * @param issueToken the mission issue's tools token, or null: without it (or without a mission issue) the agent
     *                   runs without the mission tools
     * @param progress   one line per step, for the person or log watching
     */
    public ManagedRun(Services services, ManagedOptions options, String token, String issueToken,
                      Consumer<String> progress) {
        if (token == null || token.isBlank()) {
            throw new OrbitDockException("missing_sync_token", "Managed mode needs the workspace token in $" + TOKEN_ENV,
                    "the control plane issues it (orbitdock workspace create); pass it in the environment, never as"
                            + " an argument");
        }
        this.services = services;
        this.options = options;
        this.token = token.strip();
        this.issueToken = issueToken == null || issueToken.isBlank() ? null : issueToken.strip();
        this.progress = progress;
        this.pidFile = new AgentPidFile(services.dataDir().path());
    }

    /** Starts the drain now (POST /api/shutdown, SIGTERM): the agent is stopped and its end recorded first. */
    public void requestShutdown(String why) {
        shutdown.complete(why);
    }

    public Result run() throws InterruptedException {
        try (ServerLock lock = ServerLock.acquire(services.dataDir().path());
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
             SyncWriter writer = new SyncWriter(services.database(), services.writer(), options.workspaceId(),
                     options.generation(), new HttpSyncTransport(http, options.syncUrl(), token, Duration.ofSeconds(30)),
                     services.clock(), new SecureRandom(), options.sync());
             ManagedApi api = new ManagedApi(new ManagedApi.Deps(token, () -> requestShutdown("shutdown requested"),
                     this::status))) {
            sync = writer;
            services.onCommit(writer::wake);
            writer.start();
            api.start(options.bind().host(), options.bind().port());
            progress.accept("managed instance for workspace " + options.workspaceId() + " on http://"
                    + options.bind().host() + ":" + api.port() + ", replicating to " + options.syncUrl());
            String agentEnd = previousEnd().orElseGet(() -> runAgent(writer));
            return drain(writer, agentEnd);
        }
    }

    /** What this data dir knows of the session: nothing, open (a crashed run), or ended. */
    private record StoredSession(boolean exists, boolean ended, String endReason) {}

    /** Non-empty when this session already ran here: a restart after a crash must not run the agent again. */
    private Optional<String> previousEnd() {
        StoredSession stored = services.database().read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT end_reason, ended_at FROM sessions WHERE id = ?")) {
                select.setString(1, options.sessionId());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? new StoredSession(true, rs.getString("ended_at") != null,
                            rs.getString("end_reason")) : new StoredSession(false, false, null);
                }
            }
        });
        if (!stored.exists()) {
            return Optional.empty();
        }
        if (stored.ended()) {
            progress.accept("session " + options.sessionId() + " already ended here (" + stored.endReason()
                    + "); replicating what is left");
            return Optional.of(String.valueOf(stored.endReason()));
        }
        pidFile.liveAgent().ifPresent(orphan -> {
            progress.accept("stopping the agent (pid " + orphan.pid() + ") the previous instance left running");
            ProcessTree.terminate(orphan, Duration.ofSeconds(5)).join();
        });
        pidFile.delete();
        services.writer().write(new SessionCommand.End(options.sessionId(), INTERRUPTED, services.clock().instant()));
        progress.accept("session " + options.sessionId() + " was left open by a previous instance: ended as "
                + "interrupted; replicating what is left");
        return Optional.of(INTERRUPTED);
    }

    private String runAgent(SyncWriter writer) {
        var agents = AgentRunners.standard(new SessionRecorder(services.writer(), services.ids(), services.clock()));
        AgentHandle agent = agents.get(options.agentKind()).start(missionTools(new AgentLaunch(options.agentKind(),
                options.sessionId(), options.workspaceId(), options.missionIssueId(), options.workdir(),
                options.promptFile(), Map.of(), options.agentSettings())));
        pidFile.write(agent.pid());
        phase = "running";
        progress.accept("agent " + options.agentKind() + " started (pid " + agent.pid() + "), session "
                + options.sessionId());
        CompletableFuture<AgentExit> exit = agent.exit();
        CompletableFuture.anyOf(exit, shutdown, writer.failed()).join();
        if (!exit.isDone()) {
            String why = shutdown.isDone() ? shutdown.join() : "the control plane refused sync";
            progress.accept(why + ": stopping the agent");
            agent.kill();
        }
        AgentExit ended = exit.join();
        pidFile.delete();
        progress.accept("agent ended: " + ended.reason());
        return ended.reason();
    }

    /**
     * The launch with the mission issue's tools: this very build as the MCP server, reaching the control plane's API
     * at the URL this instance syncs to, the token in the environment only.
     */
    private AgentLaunch missionTools(AgentLaunch launch) {
        if (issueToken == null || launch.missionIssueId() == null) {
            return launch;
        }
        McpServer server = MissionToolGrants.server(MissionToolGrants.orbitdockCommand(
                services.config().resolve(ConfigKeys.MISSION_TOOLS_COMMAND).value()));
        try {
            // Beside the database, outside the repo, so no agent commits it.
            JsonNode settings = server.addTo(launch.agentKind(), launch.settings(), launch.workdir(),
                    services.dataDir().path().resolve("runs").resolve(launch.sessionId()));
            Map<String, String> env = Map.of(MissionToolGrants.API_URL_ENV, options.controlPlane().toString(),
                    MissionToolGrants.TOKEN_ENV, issueToken);
            return new AgentLaunch(launch.agentKind(), launch.sessionId(), launch.workspaceId(),
                    launch.missionIssueId(), launch.workdir(), launch.promptFile(), env, settings);
        } catch (IOException e) {
            throw new OrbitDockException("mission_tools_config", "Cannot write the agent's MCP config: "
                    + e.getMessage(), "check that the data dir is writable", e);
        }
    }

    private Result drain(SyncWriter writer, String agentEnd) throws InterruptedException {
        phase = "draining";
        progress.accept("draining the outbox (deadline " + options.drainTimeout().toSeconds() + " s)");
        boolean drained = writer.drain(options.drainTimeout());
        SyncWriter.Stats stats = writer.stats();
        phase = "stopped";
        if (writer.state() instanceof SyncWriter.State.Failed failed) {
            return new Result(Outcome.SYNC_REFUSED, agentEnd, stats.outboxDepth(),
                    (failed.status() == 0 ? "" : failed.status() + " ") + failed.code() + ": " + failed.message());
        }
        return new Result(drained ? Outcome.DRAINED : Outcome.NOT_DRAINED, agentEnd, stats.outboxDepth(),
                stats.lastError());
    }

    private Object status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", "ok");
        status.put("mode", "managed");
        status.put("phase", phase);
        status.put("workspace_id", options.workspaceId());
        status.put("session_id", options.sessionId());
        SyncWriter writer = sync;
        if (writer != null) {
            SyncWriter.Stats stats = writer.stats();
            status.put("acked_through", stats.ackedThrough());
            status.put("outbox_depth", stats.outboxDepth());
            status.put("sync_error", stats.lastError());
        }
        return status;
    }
}
