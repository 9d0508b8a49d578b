package dev.orbitdock.mission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.OrbitDockException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The front matter of a MISSION.md file, every key resolved to a value (defaults filled in). Immutable.
 * Read it with {@link MissionFile#parse}; store it with {@link #toJson()} and load it back with {@link #fromJson}.
 */
public record MissionConfig(String name, TrackerConfig tracker, ProviderConfig provider, TriggerConfig trigger,
        OrchestrationConfig orchestration, AgentConfig agent, WorkspaceConfig workspace) {

    /** The workspace providers a mission may name ({@code workspace.provider}). */
    public static final List<String> WORKSPACE_PROVIDERS = List.of("local", "daytona", "ssh", "docker");

    public MissionConfig {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(orchestration, "orchestration");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(workspace, "workspace");
    }

    /** The configuration of a MISSION.md without front matter. */
    public static MissionConfig defaults() {
        return new MissionConfig(null, TrackerConfig.defaults(), ProviderConfig.defaults(), TriggerConfig.defaults(),
                OrchestrationConfig.defaults(), AgentConfig.defaults(), WorkspaceConfig.defaults());
    }

    /** Snake_case JSON with every key present; durations as compact strings ({@code "90s"}, {@code "1h30m"}). */
    public JsonNode toJson() {
        return MissionConfigJson.write(this);
    }

    /**
     * Reads what {@link #toJson()} wrote (missing keys take their defaults).
     *
     * @throws OrbitDockException {@code mission_config_invalid} when the JSON is not a valid mission config
     */
    public static MissionConfig fromJson(JsonNode json) {
        return MissionConfigJson.read(json);
    }

    /** An enum value as it is written in MISSION.md and in JSON. */
    public interface WireName {
        String wire();
    }

    public enum TrackerKind implements WireName {
        LOCAL, GITHUB, LINEAR;

        @Override
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum ProviderStrategy implements WireName {
        SINGLE, PRIORITY, ROUND_ROBIN;

        @Override
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum TriggerKind implements WireName {
        POLL, MANUAL;

        @Override
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum AgentKind implements WireName {
        COMMAND, CLAUDE, CODEX;

        /** Every kind's wire name, in declaration order. */
        public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(AgentKind::wire).toList();

        @Override
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static AgentKind fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    public enum Retention implements WireName {
        DESTROY, KEEP_DURATION;

        @Override
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where issues come from. {@code directory} is set only for {@code local}; {@code repo} and {@code projectNumber}
     * only for {@code github}; {@code apiKeyEnv} is null unless the file names one (see {@link #effectiveApiKeyEnv()}).
     */
    public record TrackerConfig(TrackerKind kind, String directory, String repo, Integer projectNumber,
            String apiKeyEnv) {
        public static final String DEFAULT_DIRECTORY = ".orbitdock/issues";

        public TrackerConfig {
            Objects.requireNonNull(kind, "kind");
        }

        public static TrackerConfig defaults() {
            return of(TrackerKind.LOCAL);
        }

        /** A tracker of this kind with nothing else set. */
        public static TrackerConfig of(TrackerKind kind) {
            return new TrackerConfig(kind, kind == TrackerKind.LOCAL ? DEFAULT_DIRECTORY : null, null, null, null);
        }

        /** The env var holding the API key: {@code apiKeyEnv}, else GITHUB_TOKEN / LINEAR_API_KEY; null for local. */
        public String effectiveApiKeyEnv() {
            if (apiKeyEnv != null) {
                return apiKeyEnv;
            }
            return switch (kind) {
                case LOCAL -> null;
                case GITHUB -> "GITHUB_TOKEN";
                case LINEAR -> "LINEAR_API_KEY";
            };
        }
    }

    /**
     * Which agents ({@code claude}, {@code codex}, {@code command}) take the mission's issues, and how many run at
     * once. A null {@code primary} means {@code agent.kind}.
     */
    public record ProviderConfig(ProviderStrategy strategy, String primary, String secondary, int maxConcurrent,
            Integer maxConcurrentPrimary) {
        public ProviderConfig {
            Objects.requireNonNull(strategy, "strategy");
        }

        public static ProviderConfig defaults() {
            return new ProviderConfig(ProviderStrategy.SINGLE, null, null, 2, null);
        }
    }

    /** The agent {@code provider.primary} names, else {@code agent.kind}. */
    public AgentKind primaryAgent() {
        return provider.primary() == null ? agent.kind() : AgentKind.fromWire(provider.primary());
    }

    /** The agent {@code provider.secondary} names, or null. */
    public AgentKind secondaryAgent() {
        return provider.secondary() == null ? null : AgentKind.fromWire(provider.secondary());
    }

    /** When the mission looks for work. */
    public record TriggerConfig(TriggerKind kind, Duration interval, TriggerFilters filters) {
        public TriggerConfig {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(filters, "filters");
        }

        public static TriggerConfig defaults() {
            return new TriggerConfig(TriggerKind.POLL, Duration.ofSeconds(60), TriggerFilters.defaults());
        }
    }

    /** Which tracker issues are eligible. */
    public record TriggerFilters(List<String> labels, List<String> states, String project, String team) {
        public TriggerFilters {
            labels = List.copyOf(labels);
            states = List.copyOf(states);
        }

        public static TriggerFilters defaults() {
            return new TriggerFilters(List.of(), List.of("Todo"), null, null);
        }
    }

    /**
     * Retries, stall detection and tracker state moves. A null {@code stateOn…} means "leave the tracker state alone";
     * a null {@code worktreeRootDir} means the orchestrator's default ({@code <data dir>/worktrees}).
     */
    public record OrchestrationConfig(int maxRetries, Duration maxBackoff, Duration stallTimeout,
            Duration heartbeatTimeout, String baseBranch, String worktreeRootDir, String stateOnDispatch,
            String stateOnComplete, String stateOnFailure) {
        public OrchestrationConfig {
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(stallTimeout, "stallTimeout");
            Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
            Objects.requireNonNull(baseBranch, "baseBranch");
        }

        public static OrchestrationConfig defaults() {
            return new OrchestrationConfig(3, Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(2),
                    "main", null, "In Progress", "Done", null);
        }
    }

    /**
     * The agent that works on each issue. {@code claude} and {@code codex} are free-form (validated by the agent
     * integration); this record hands out copies, so it stays immutable.
     */
    public record AgentConfig(AgentKind kind, ObjectNode claude, ObjectNode codex, CommandAgentConfig command) {
        public AgentConfig {
            Objects.requireNonNull(kind, "kind");
            claude = claude == null ? JsonNodeFactory.instance.objectNode() : claude.deepCopy();
            codex = codex == null ? JsonNodeFactory.instance.objectNode() : codex.deepCopy();
            Objects.requireNonNull(command, "command");
        }

        public static AgentConfig defaults() {
            return of(AgentKind.COMMAND);
        }

        /** An agent of this kind with nothing else set. */
        public static AgentConfig of(AgentKind kind) {
            return new AgentConfig(kind, null, null, CommandAgentConfig.defaults());
        }

        @Override
        public ObjectNode claude() {
            return claude.deepCopy();
        }

        @Override
        public ObjectNode codex() {
            return codex.deepCopy();
        }
    }

    /** {@code agent.command}: what to run (null until the file says), extra environment, and a time limit. */
    public record CommandAgentConfig(CommandRun run, Map<String, String> env, Duration timeout) {
        public CommandAgentConfig {
            env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
            Objects.requireNonNull(timeout, "timeout");
        }

        public static CommandAgentConfig defaults() {
            return new CommandAgentConfig(null, Map.of(), Duration.ofHours(1));
        }
    }

    /** {@code agent.command.run}: a shell script (a YAML string) or an argv (a YAML list). */
    public sealed interface CommandRun {
        /** The process to start. */
        List<String> argv();
    }

    /** Run with {@code sh -c script}. */
    public record Shell(String script) implements CommandRun {
        public Shell {
            Objects.requireNonNull(script, "script");
        }

        @Override
        public List<String> argv() {
            return List.of("sh", "-c", script);
        }
    }

    /** Run this argv as it is, no shell. */
    public record Argv(List<String> args) implements CommandRun {
        public Argv {
            args = List.copyOf(args);
            if (args.isEmpty()) {
                throw new IllegalArgumentException("argv must not be empty");
            }
        }

        @Override
        public List<String> argv() {
            return args;
        }
    }

    /** Where the agent runs. A null {@code provider} means the server's default provider. */
    public record WorkspaceConfig(String provider, String image, Retention retention, Duration retentionTtl,
            WorkspaceResources resources, List<String> setupCommands, Duration setupTimeout) {
        public WorkspaceConfig {
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(retentionTtl, "retentionTtl");
            Objects.requireNonNull(resources, "resources");
            setupCommands = List.copyOf(setupCommands);
            Objects.requireNonNull(setupTimeout, "setupTimeout");
        }

        public static WorkspaceConfig defaults() {
            return new WorkspaceConfig(null, null, Retention.DESTROY, Duration.ofHours(24),
                    WorkspaceResources.defaults(), List.of(), Duration.ofMinutes(10));
        }
    }

    /** Resource requests for remote workspaces: CPUs (a positive number) and memory such as {@code 4Gi}. */
    public record WorkspaceResources(Double cpu, String memory) {
        public static WorkspaceResources defaults() {
            return new WorkspaceResources(null, null);
        }
    }
}
