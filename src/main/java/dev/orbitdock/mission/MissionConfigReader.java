package dev.orbitdock.mission;

import static dev.orbitdock.mission.MissionConfig.WORKSPACE_PROVIDERS;

import dev.orbitdock.mission.MissionConfig.AgentConfig;
import dev.orbitdock.mission.MissionConfig.AgentKind;
import dev.orbitdock.mission.MissionConfig.Argv;
import dev.orbitdock.mission.MissionConfig.CommandAgentConfig;
import dev.orbitdock.mission.MissionConfig.CommandRun;
import dev.orbitdock.mission.MissionConfig.OrchestrationConfig;
import dev.orbitdock.mission.MissionConfig.ProviderConfig;
import dev.orbitdock.mission.MissionConfig.ProviderStrategy;
import dev.orbitdock.mission.MissionConfig.Retention;
import dev.orbitdock.mission.MissionConfig.Shell;
import dev.orbitdock.mission.MissionConfig.TrackerConfig;
import dev.orbitdock.mission.MissionConfig.TrackerKind;
import dev.orbitdock.mission.MissionConfig.TriggerConfig;
import dev.orbitdock.mission.MissionConfig.TriggerFilters;
import dev.orbitdock.mission.MissionConfig.TriggerKind;
import dev.orbitdock.mission.MissionConfig.WorkspaceConfig;
import dev.orbitdock.mission.MissionConfig.WorkspaceResources;
import dev.orbitdock.mission.MissionConfigYaml.Node;
import dev.orbitdock.mission.MissionConfigYaml.Scalar;
import dev.orbitdock.mission.MissionConfigYaml.ScalarKind;
import dev.orbitdock.mission.MissionConfigYaml.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The schema of the front matter: turns a {@link MissionConfigYaml} tree into a {@link MissionConfig}, filling in
 * defaults and adding one problem per bad key (reading never stops at the first).
 */
final class MissionConfigReader {
    /** {@code FILE}: a MISSION.md as written by a user. {@code STORED}: what {@link MissionConfig#toJson()} wrote. */
    enum Mode { FILE, STORED }

    static final List<String> ROOT_KEYS =
            List.of("name", "tracker", "provider", "trigger", "orchestration", "agent", "workspace");
    static final List<String> TRACKER_KEYS = List.of("kind", "directory", "repo", "project_number", "api_key_env");
    static final List<String> PROVIDER_KEYS =
            List.of("strategy", "primary", "secondary", "max_concurrent", "max_concurrent_primary");
    static final List<String> TRIGGER_KEYS = List.of("kind", "interval", "filters");
    static final List<String> FILTER_KEYS = List.of("labels", "states", "project", "team");
    static final List<String> ORCHESTRATION_KEYS = List.of("max_retries", "max_backoff", "stall_timeout",
            "heartbeat_timeout", "base_branch", "worktree_root_dir", "state_on_dispatch", "state_on_complete",
            "state_on_failure");
    static final List<String> AGENT_KEYS = List.of("kind", "claude", "codex", "command");
    static final List<String> COMMAND_KEYS = List.of("run", "env", "timeout");
    static final List<String> WORKSPACE_KEYS = List.of("provider", "image", "retention", "retention_ttl",
            "resources", "setup_commands", "setup_timeout");
    static final List<String> RESOURCES_KEYS = List.of("cpu", "memory");

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern MEMORY = Pattern.compile("\\d+(\\.\\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)?");

    private final Mode mode;
    private final List<MissionProblem> problems;

    private MissionConfigReader(Mode mode, List<MissionProblem> problems) {
        this.mode = mode;
        this.problems = problems;
    }

    /** The config with defaults for absent keys; bad keys add problems and take their defaults. */
    static MissionConfig read(Node root, Mode mode, List<MissionProblem> problems) {
        return new MissionConfigReader(mode, problems).read(root);
    }

    private MissionConfig read(Node root) {
        MissionConfigSection top = MissionConfigSection.root(root, ROOT_KEYS, problems);
        return new MissionConfig(top.optionalString("name", null), tracker(top), provider(top), trigger(top),
                orchestration(top), agent(top), workspace(top));
    }

    private TrackerConfig tracker(MissionConfigSection top) {
        Node node = top.node("tracker");
        if (node instanceof Scalar s && s.kind() == ScalarKind.STRING) {
            return top.enumValue("tracker", node, TrackerKind.class).map(TrackerConfig::of)
                    .orElse(TrackerConfig.defaults());
        }
        MissionConfigSection t = top.section("tracker", TRACKER_KEYS);
        TrackerKind kind = t.choice("kind", TrackerKind.LOCAL, TrackerKind.class);
        String directory = t.usedOnlyWhen("directory", kind == TrackerKind.LOCAL, "tracker.kind is local")
                ? t.string("directory", TrackerConfig.DEFAULT_DIRECTORY) : null;
        String repo = null;
        Integer projectNumber = null;
        if (t.usedOnlyWhen("repo", kind == TrackerKind.GITHUB, "tracker.kind is github")) {
            repo = matching(t, "repo", t.optionalString("repo", null), REPO, "must look like owner/name");
        }
        if (t.usedOnlyWhen("project_number", kind == TrackerKind.GITHUB, "tracker.kind is github")) {
            projectNumber = t.optionalInteger("project_number", null, 1);
        }
        String apiKeyEnv = t.usedOnlyWhen("api_key_env", kind != TrackerKind.LOCAL, "tracker.kind is github or linear")
                ? matching(t, "api_key_env", t.optionalString("api_key_env", null), ENV_NAME,
                        "must be the name of an environment variable, such as GITHUB_TOKEN")
                : null;
        return new TrackerConfig(kind, directory, repo, projectNumber, apiKeyEnv);
    }

    private ProviderConfig provider(MissionConfigSection top) {
        ProviderConfig d = ProviderConfig.defaults();
        MissionConfigSection p = top.section("provider", PROVIDER_KEYS);
        ProviderStrategy strategy = p.choice("strategy", d.strategy(), ProviderStrategy.class);
        String primary = p.stringChoice("primary", d.primary(), AgentKind.WIRE_NAMES, true);
        String secondary = p.stringChoice("secondary", d.secondary(), AgentKind.WIRE_NAMES, true);
        if (strategy != ProviderStrategy.SINGLE && secondary == null && !p.isSet("secondary")) {
            p.report(p.keyAt("strategy"), "provider.secondary is required when provider.strategy is "
                    + strategy.wire());
        }
        int maxConcurrent = p.integer("max_concurrent", d.maxConcurrent(), 1);
        Integer maxPrimary = p.optionalInteger("max_concurrent_primary", d.maxConcurrentPrimary(), 1);
        if (maxPrimary != null && maxPrimary > maxConcurrent) {
            p.report(p.keyAt("max_concurrent_primary"), "provider.max_concurrent_primary (" + maxPrimary
                    + ") must not be more than provider.max_concurrent (" + maxConcurrent + ")");
        }
        return new ProviderConfig(strategy, primary, secondary, maxConcurrent, maxPrimary);
    }

    private TriggerConfig trigger(MissionConfigSection top) {
        TriggerConfig d = TriggerConfig.defaults();
        MissionConfigSection t = top.section("trigger", TRIGGER_KEYS);
        TriggerKind kind = t.choice("kind", d.kind(), TriggerKind.class);
        Duration interval = t.duration("interval", d.interval(), ONE_SECOND);
        MissionConfigSection f = t.section("filters", FILTER_KEYS);
        TriggerFilters filters = new TriggerFilters(f.strings("labels", d.filters().labels()),
                f.strings("states", d.filters().states()), f.optionalString("project", null),
                f.optionalString("team", null));
        return new TriggerConfig(kind, interval, filters);
    }

    private OrchestrationConfig orchestration(MissionConfigSection top) {
        OrchestrationConfig d = OrchestrationConfig.defaults();
        MissionConfigSection o = top.section("orchestration", ORCHESTRATION_KEYS);
        return new OrchestrationConfig(
                o.integer("max_retries", d.maxRetries(), 0),
                o.duration("max_backoff", d.maxBackoff(), ONE_SECOND),
                o.duration("stall_timeout", d.stallTimeout(), ONE_SECOND),
                o.duration("heartbeat_timeout", d.heartbeatTimeout(), ONE_SECOND),
                o.string("base_branch", d.baseBranch()),
                o.optionalString("worktree_root_dir", d.worktreeRootDir()),
                o.optionalString("state_on_dispatch", d.stateOnDispatch()),
                o.optionalString("state_on_complete", d.stateOnComplete()),
                o.optionalString("state_on_failure", d.stateOnFailure()));
    }

    private AgentConfig agent(MissionConfigSection top) {
        Node node = top.node("agent");
        if (node instanceof Scalar s && s.kind() == ScalarKind.STRING) {
            Optional<AgentKind> kind = top.enumValue("agent", node, AgentKind.class);
            kind.filter(k -> k == AgentKind.COMMAND).ifPresent(k -> requireRun(top, node));
            return kind.map(AgentConfig::of).orElse(AgentConfig.defaults());
        }
        MissionConfigSection a = top.section("agent", AGENT_KEYS);
        int before = problems.size();
        AgentKind kind = a.choice("kind", AgentKind.COMMAND, AgentKind.class);
        boolean kindReported = problems.size() > before;
        MissionConfigSection c = a.section("command", COMMAND_KEYS);
        CommandRun run = run(c);
        // A file that says nothing about the agent reads as the defaults; one that picks the command agent
        // (explicitly or by leaving out agent.kind) must say what to run. A bad run or kind is reported already.
        if (node != null && kind == AgentKind.COMMAND && !kindReported && !c.isSet("run")) {
            requireRun(top, node);
        }
        CommandAgentConfig command = new CommandAgentConfig(run, env(c),
                c.duration("timeout", CommandAgentConfig.defaults().timeout(), ONE_SECOND));
        return new AgentConfig(kind, a.freeForm("claude"), a.freeForm("codex"), command);
    }

    private void requireRun(MissionConfigSection top, Node agent) {
        if (mode == Mode.FILE) {
            top.report(commandLocation(top, agent), "agent.command.run is required when agent.kind is command");
        }
    }

    private static MissionConfigYaml.Location commandLocation(MissionConfigSection top, Node agent) {
        if (agent instanceof MissionConfigYaml.Mapping m) {
            for (String key : List.of("command", "kind")) {
                if (m.entries().containsKey(key)) {
                    return m.entries().get(key).keyAt();
                }
            }
        }
        return top.keyAt("agent");
    }

    private static CommandRun run(MissionConfigSection c) {
        Node node = c.node("run");
        if (MissionConfigSection.isNullish(node)) {
            return null;
        }
        String name = c.name("run");
        if (node instanceof Scalar) {
            return c.text(name, node).map(Shell::new).orElse(null);
        }
        if (node instanceof Sequence sequence && !sequence.items().isEmpty()) {
            List<String> args = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < sequence.items().size(); i++) {
                Optional<String> arg = c.text(name + "[" + i + "]", sequence.items().get(i));
                ok &= arg.isPresent();
                arg.ifPresent(args::add);
            }
            return ok ? new Argv(args) : null;
        }
        c.report(node, name + " must be a string (run with sh -c) or a non-empty list of strings (an argv)");
        return null;
    }

    private static Map<String, String> env(MissionConfigSection c) {
        Map<String, String> env = c.stringMap("env");
        if (c.node("env") instanceof MissionConfigYaml.Mapping mapping) {
            for (var entry : mapping.entries().values()) {
                if (!ENV_NAME.matcher(entry.key()).matches()) {
                    c.report(entry.keyAt(), "agent.command.env: '" + entry.key()
                            + "' is not a valid environment variable name");
                }
            }
        }
        return env;
    }

    private WorkspaceConfig workspace(MissionConfigSection top) {
        WorkspaceConfig d = WorkspaceConfig.defaults();
        MissionConfigSection w = top.section("workspace", WORKSPACE_KEYS);
        String provider = w.stringChoice("provider", d.provider(), WORKSPACE_PROVIDERS, true);
        String image = w.optionalString("image", d.image());
        Retention retention = w.choice("retention", d.retention(), Retention.class);
        Duration ttl = w.duration("retention_ttl", d.retentionTtl(), ONE_SECOND);
        MissionConfigSection r = w.section("resources", RESOURCES_KEYS);
        Double cpu = r.optionalPositiveNumber("cpu");
        String memory = matching(r, "memory", r.optionalString("memory", null), MEMORY,
                "must be a size such as 512Mi or 4Gi");
        return new WorkspaceConfig(provider, image, retention, ttl, new WorkspaceResources(cpu, memory),
                w.strings("setup_commands", d.setupCommands()),
                w.duration("setup_timeout", d.setupTimeout(), ONE_SECOND));
    }

    /** The value when it is null or matches; otherwise a problem and null. */
    private static String matching(MissionConfigSection s, String key, String value, Pattern pattern, String rule) {
        if (value == null || pattern.matcher(value).matches()) {
            return value;
        }
        s.report(s.node(key), s.name(key) + " " + rule + " (got '" + value + "')");
        return null;
    }
}
