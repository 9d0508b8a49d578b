package dev.orbitdock.mission;

import dev.orbitdock.common.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.mission.MissionConfig.AgentConfig;
import dev.orbitdock.mission.MissionConfig.Argv;
import dev.orbitdock.mission.MissionConfig.CommandAgentConfig;
import dev.orbitdock.mission.MissionConfig.OrchestrationConfig;
import dev.orbitdock.mission.MissionConfig.ProviderConfig;
import dev.orbitdock.mission.MissionConfig.Shell;
import dev.orbitdock.mission.MissionConfig.TrackerConfig;
import dev.orbitdock.mission.MissionConfig.TriggerConfig;
import dev.orbitdock.mission.MissionConfig.WorkspaceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The stored form of a {@link MissionConfig} ({@code missions.config_json}): the front matter's own shape, every key
 * written (nulls included), durations in the compact form MISSION.md uses. Read back through the same schema as a file.
 */
final class MissionConfigJson {
    private MissionConfigJson() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static ObjectNode write(MissionConfig c) {
        ObjectNode root = F.objectNode();
        root.put("name", c.name());
        root.set("tracker", tracker(c.tracker()));
        root.set("provider", provider(c.provider()));
        root.set("trigger", trigger(c.trigger()));
        root.set("orchestration", orchestration(c.orchestration()));
        root.set("agent", agent(c.agent()));
        root.set("workspace", workspace(c.workspace()));
        return root;
    }

    static MissionConfig read(JsonNode json) {
        List<MissionProblem> problems = new ArrayList<>();
        MissionConfig config = MissionConfigReader.read(MissionConfigYaml.fromJson(json),
                MissionConfigReader.Mode.STORED, problems);
        if (!problems.isEmpty()) {
            throw new OrbitDockException("mission_config_invalid", "stored mission config is invalid: "
                    + problems.stream().map(MissionProblem::message).collect(Collectors.joining("; ")),
                    "re-apply the mission from its MISSION.md");
        }
        return config;
    }

    private static ObjectNode tracker(TrackerConfig t) {
        ObjectNode o = F.objectNode();
        o.put("kind", t.kind().wire());
        o.put("directory", t.directory());
        o.put("repo", t.repo());
        o.put("project_number", t.projectNumber());
        o.put("api_key_env", t.apiKeyEnv());
        return o;
    }

    private static ObjectNode provider(ProviderConfig p) {
        ObjectNode o = F.objectNode();
        o.put("strategy", p.strategy().wire());
        o.put("primary", p.primary());
        o.put("secondary", p.secondary());
        o.put("max_concurrent", p.maxConcurrent());
        o.put("max_concurrent_primary", p.maxConcurrentPrimary());
        return o;
    }

    private static ObjectNode trigger(TriggerConfig t) {
        ObjectNode o = F.objectNode();
        o.put("kind", t.kind().wire());
        o.put("interval", duration(t.interval()));
        ObjectNode filters = o.putObject("filters");
        filters.set("labels", strings(t.filters().labels()));
        filters.set("states", strings(t.filters().states()));
        filters.put("project", t.filters().project());
        filters.put("team", t.filters().team());
        return o;
    }

    private static ObjectNode orchestration(OrchestrationConfig c) {
        ObjectNode o = F.objectNode();
        o.put("max_retries", c.maxRetries());
        o.put("max_backoff", duration(c.maxBackoff()));
        o.put("stall_timeout", duration(c.stallTimeout()));
        o.put("heartbeat_timeout", duration(c.heartbeatTimeout()));
        o.put("base_branch", c.baseBranch());
        o.put("worktree_root_dir", c.worktreeRootDir());
        o.put("state_on_dispatch", c.stateOnDispatch());
        o.put("state_on_complete", c.stateOnComplete());
        o.put("state_on_failure", c.stateOnFailure());
        return o;
    }

    private static ObjectNode agent(AgentConfig a) {
        ObjectNode o = F.objectNode();
        o.put("kind", a.kind().wire());
        o.set("claude", a.claude());
        o.set("codex", a.codex());
        CommandAgentConfig c = a.command();
        ObjectNode command = o.putObject("command");
        switch (c.run()) {
            case null -> command.putNull("run");
            case Shell shell -> command.put("run", shell.script());
            case Argv argv -> command.set("run", strings(argv.args()));
        }
        ObjectNode env = command.putObject("env");
        c.env().forEach(env::put);
        command.put("timeout", duration(c.timeout()));
        return o;
    }

    private static ObjectNode workspace(WorkspaceConfig w) {
        ObjectNode o = F.objectNode();
        o.put("provider", w.provider());
        o.put("image", w.image());
        o.put("retention", w.retention().wire());
        o.put("retention_ttl", duration(w.retentionTtl()));
        ObjectNode resources = o.putObject("resources");
        resources.put("cpu", w.resources().cpu());
        resources.put("memory", w.resources().memory());
        o.set("setup_commands", strings(w.setupCommands()));
        o.put("setup_timeout", duration(w.setupTimeout()));
        return o;
    }

    private static String duration(Duration d) {
        return Durations.format(d);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = F.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
