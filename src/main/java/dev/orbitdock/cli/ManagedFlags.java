package dev.orbitdock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.app.BindAddress;
import dev.orbitdock.app.ManagedOptions;
import dev.orbitdock.common.Durations;
import dev.orbitdock.common.Json;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ValueType;
import dev.orbitdock.sync.SyncWriterOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code start --managed} flags: what the control plane passes to the instance it starts in a workspace. */
final class ManagedFlags {
    /** A managed instance's own API (shutdown, health) listens here unless --bind says otherwise. */
    static final String DEFAULT_BIND = "127.0.0.1:4100";

    @Option(names = "--managed", description = "Run one agent session for a control plane and replicate it"
            + " (token in $ORBITDOCK_SYNC_TOKEN)")
    boolean managed;

    @Option(names = "--workspace-id", paramLabel = "<id>", description = "Managed: the workspace id the control plane allocated")
    String workspaceId;

    @Option(names = "--session-id", paramLabel = "<id>", description = "Managed: the session id the control plane allocated")
    String sessionId;

    @Option(names = "--mission-issue-id", paramLabel = "<id>", description = "Managed: the mission issue this session works on")
    String missionIssueId;

    /** Where a provider's start script puts what is not an id: the URL and generation travel with the token. */
    static final String SYNC_URL_ENV = "ORBITDOCK_SYNC_URL";
    static final String GENERATION_ENV = "ORBITDOCK_SYNC_GENERATION";

    @Option(names = "--sync-url", paramLabel = "<url>",
            description = "Managed: the control plane's URL, e.g. https://control:4000 (default: $ORBITDOCK_SYNC_URL)")
    String syncUrl;

    @Option(names = "--generation", paramLabel = "<n>", description = "Managed: this start's generation, issued by"
            + " the control plane (default: $ORBITDOCK_SYNC_GENERATION, else 1)")
    Long generation;

    @Option(names = "--provider", paramLabel = "<agent>", description = "Managed: the agent to run (command, claude, codex)")
    String provider;

    @Option(names = "--prompt-file", paramLabel = "<file>", description = "Managed: the rendered prompt")
    Path promptFile;

    @Option(names = "--workdir", paramLabel = "<dir>", description = "Managed: where the agent works (default: current dir)")
    Path workdir;

    @Option(names = "--agent-settings", paramLabel = "<file>",
            description = "Managed: the agent's MISSION.md section as a JSON file")
    Path agentSettings;

    @Option(names = "--drain-timeout", paramLabel = "<duration>",
            description = "Managed: how long to replicate what is left once the agent ends (default: config"
                    + " 'sync_drain_timeout', 30s)")
    String drainTimeout;

    @Option(names = "--sync-backoff-max", paramLabel = "<duration>", hidden = true,
            description = "Managed: cap of the retry delay after a failed sync request (default 30s)")
    String backoffMax;

    /** Flags that only make sense with --managed, for the error when they come without it. */
    List<String> strayManagedFlags() {
        List<String> stray = new ArrayList<>();
        add(stray, "--workspace-id", workspaceId);
        add(stray, "--session-id", sessionId);
        add(stray, "--mission-issue-id", missionIssueId);
        add(stray, "--sync-url", syncUrl);
        add(stray, "--provider", provider);
        add(stray, "--prompt-file", promptFile);
        add(stray, "--workdir", workdir);
        add(stray, "--agent-settings", agentSettings);
        add(stray, "--drain-timeout", drainTimeout);
        return stray;
    }

    /**
     * @param drainDefault the resolved {@code sync_drain_timeout} (env, config table or default)
     * @param env          where the sync URL and generation come from when no flag gives them
     */
    ManagedOptions options(String bind, Duration drainDefault, Map<String, String> env) {
        if (syncUrl == null) {
            syncUrl = env.get(SYNC_URL_ENV);
        }
        long start = generation != null ? generation : generation(env.get(GENERATION_ENV));
        List<String> missing = new ArrayList<>();
        require(missing, "--workspace-id", workspaceId);
        require(missing, "--session-id", sessionId);
        require(missing, "--sync-url", syncUrl);
        require(missing, "--provider", provider);
        require(missing, "--prompt-file", promptFile);
        if (!missing.isEmpty()) {
            throw new OrbitDockException("missing_managed_flags", "--managed needs " + String.join(", ", missing),
                    "the control plane prints the whole command: orbitdock workspace create");
        }
        ValueType.URL.problem(syncUrl).ifPresent(problem -> {
            throw new OrbitDockException("invalid_sync_url", "--sync-url '" + syncUrl + "' " + problem,
                    "e.g. --sync-url https://control.example.com:4000");
        });
        SyncWriterOptions sync = SyncWriterOptions.defaults();
        if (backoffMax != null) {
            Duration max = duration("--sync-backoff-max", backoffMax);
            sync = sync.withBackoff(sync.backoffMin().compareTo(max) < 0 ? sync.backoffMin() : max, max);
        }
        return new ManagedOptions(workspaceId, sessionId, missionIssueId, URI.create(syncUrl), start, provider,
                promptFile.toAbsolutePath(), (workdir == null ? Path.of("") : workdir).toAbsolutePath(), settings(),
                drainTimeout == null ? drainDefault : duration("--drain-timeout", drainTimeout),
                BindAddress.parse(bind == null ? DEFAULT_BIND : bind), sync);
    }

    private JsonNode settings() {
        if (agentSettings == null) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode json = Json.mapper().readTree(Files.readString(agentSettings));
            if (json == null || !json.isObject()) {
                throw new OrbitDockException("invalid_agent_settings", agentSettings + " must hold a JSON object",
                        "e.g. {\"run\": \"./agent.sh\"}");
            }
            return json;
        } catch (IOException e) {
            throw new OrbitDockException("invalid_agent_settings", "Cannot read " + agentSettings + ": "
                    + e.getMessage(), "pass a JSON file with the agent's MISSION.md section", e);
        }
    }

    private static long generation(String value) {
        if (value == null) {
            return 1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new OrbitDockException("invalid_generation", "$" + GENERATION_ENV + " '" + value
                    + "' is not a number", "the control plane sets it; unset it to use 1");
        }
    }

    private static Duration duration(String flag, String value) {
        return Durations.parse(value).filter(d -> !d.isZero() && !d.isNegative()).orElseThrow(() ->
                new OrbitDockException("invalid_duration", flag + " '" + value + "' is not a positive duration",
                        "e.g. 30s, 2m"));
    }

    private static void add(List<String> names, String name, Object value) {
        if (value != null) {
            names.add(name);
        }
    }

    private static void require(List<String> missing, String name, Object value) {
        if (value == null || value.toString().isBlank()) {
            missing.add(name);
        }
    }
}
