package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orbitdock.mission.MissionConfig.AgentKind;
import dev.orbitdock.mission.MissionConfig.Argv;
import dev.orbitdock.mission.MissionConfig.ProviderStrategy;
import dev.orbitdock.mission.MissionConfig.Retention;
import dev.orbitdock.mission.MissionConfig.Shell;
import dev.orbitdock.mission.MissionConfig.TrackerConfig;
import dev.orbitdock.mission.MissionConfig.TrackerKind;
import dev.orbitdock.mission.MissionConfig.TriggerKind;
import dev.orbitdock.mission.MissionConfig.WorkspaceResources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Valid MISSION.md files: defaults, every key, shorthands, and where the body starts. */
class MissionFileTest {

    static MissionFile.Parsed parsed(String text) {
        MissionFile.Result result = MissionFile.parse(text);
        assertThat(result).as("problems: %s", result).isInstanceOf(MissionFile.Parsed.class);
        return (MissionFile.Parsed) result;
    }

    static String example() {
        try (InputStream in = MissionFileTest.class.getResourceAsStream("/mission/example-MISSION.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        MissionConfig d = MissionConfig.defaults();

        assertThat(d.name()).isNull();
        assertThat(d.tracker()).isEqualTo(new TrackerConfig(TrackerKind.LOCAL, ".orbitdock/issues", null, null, null));
        assertThat(d.tracker().effectiveApiKeyEnv()).isNull();
        assertThat(d.provider()).isEqualTo(
                new MissionConfig.ProviderConfig(ProviderStrategy.SINGLE, null, null, 2, null));
        assertThat(d.trigger().kind()).isEqualTo(TriggerKind.POLL);
        assertThat(d.trigger().interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.trigger().filters()).isEqualTo(new MissionConfig.TriggerFilters(List.of(), List.of("Todo"), null, null));
        assertThat(d.orchestration()).isEqualTo(new MissionConfig.OrchestrationConfig(3, Duration.ofMinutes(5),
                Duration.ofMinutes(10), Duration.ofMinutes(2), "main", null, "In Progress", "Done", null));
        assertThat(d.agent().kind()).isEqualTo(AgentKind.COMMAND);
        assertThat(d.primaryAgent()).as("provider.primary defaults to agent.kind").isEqualTo(AgentKind.COMMAND);
        assertThat(d.agent().claude()).isEmpty();
        assertThat(d.agent().codex()).isEmpty();
        assertThat(d.agent().command().run()).isNull();
        assertThat(d.agent().command().env()).isEmpty();
        assertThat(d.agent().command().timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(d.workspace()).isEqualTo(new MissionConfig.WorkspaceConfig(null, null, Retention.DESTROY,
                Duration.ofHours(24), new WorkspaceResources(null, null), List.of(), Duration.ofMinutes(10)));
    }

    @Test
    void enumsHaveLowerCaseWireNames() {
        assertThat(ProviderStrategy.ROUND_ROBIN.wire()).isEqualTo("round_robin");
        assertThat(Retention.KEEP_DURATION.wire()).isEqualTo("keep_duration");
        assertThat(TrackerKind.GITHUB.wire()).isEqualTo("github");
    }

    @Test
    void noFrontMatterIsAllBodyWithDefaults() {
        String text = "Fix {{ issue.title }}.\n---\nnot front matter\n";

        MissionFile.Parsed parsed = parsed(text);

        assertThat(parsed.config()).isEqualTo(MissionConfig.defaults());
        assertThat(parsed.promptTemplate()).isEqualTo(text);
    }

    @Test
    void emptyFrontMatterIsDefaults() {
        MissionFile.Parsed parsed = parsed("---\n---\nDo {{ issue.identifier }}\n");

        assertThat(parsed.config()).isEqualTo(MissionConfig.defaults());
        assertThat(parsed.promptTemplate()).isEqualTo("Do {{ issue.identifier }}\n");
    }

    @Test
    void frontMatterWithOnlyCommentsIsDefaults() {
        assertThat(parsed("---\n# nothing yet\n---\n").config()).isEqualTo(MissionConfig.defaults());
    }

    @Test
    void emptyFileAndFenceWithoutBody() {
        assertThat(parsed("").promptTemplate()).isEmpty();
        assertThat(parsed("---\nname: x\n---").promptTemplate()).isEmpty();
        assertThat(parsed("---\nname: x\n---").config().name()).isEqualTo("x");
    }

    @Test
    void crlfAndByteOrderMarkAreFine() {
        MissionFile.Parsed parsed = parsed("\uFEFF---\r\nname: Docs\r\norchestration:\r\n  max_retries: 5\r\n---\r\nBody\r\n");

        assertThat(parsed.config().name()).isEqualTo("Docs");
        assertThat(parsed.config().orchestration().maxRetries()).isEqualTo(5);
        assertThat(parsed.promptTemplate()).isEqualTo("Body\r\n");
    }

    @Test
    void fullExampleReadsEveryKey() {
        MissionFile.Parsed parsed = parsed(example());
        MissionConfig c = parsed.config();

        assertThat(c.name()).isEqualTo("Docs backlog");
        assertThat(c.tracker()).isEqualTo(
                new TrackerConfig(TrackerKind.GITHUB, null, "orbitdock/orbitdock", 7, "ORBITDOCK_GITHUB_TOKEN"));
        assertThat(c.provider()).isEqualTo(
                new MissionConfig.ProviderConfig(ProviderStrategy.PRIORITY, "claude", "codex", 4, 3));
        assertThat(c.trigger()).isEqualTo(new MissionConfig.TriggerConfig(TriggerKind.POLL, Duration.ofMinutes(2),
                new MissionConfig.TriggerFilters(List.of("agent", "docs"), List.of("Todo", "Needs Work"), null, null)));
        assertThat(c.orchestration()).isEqualTo(new MissionConfig.OrchestrationConfig(2, Duration.ofMinutes(10),
                Duration.ofMinutes(15), Duration.ofSeconds(90), "develop", null, "In Progress", "In Review",
                "Blocked"));
        assertThat(c.agent().kind()).isEqualTo(AgentKind.CLAUDE);
        assertThat(c.agent().claude().get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(c.agent().claude().get("max_turns").asInt()).isEqualTo(40);
        assertThat(c.agent().claude().get("allowed_tools")).hasSize(3);
        assertThat(c.workspace()).isEqualTo(new MissionConfig.WorkspaceConfig("daytona",
                "ghcr.io/orbitdock/workspace:2025.1", Retention.KEEP_DURATION, Duration.ofHours(12),
                new WorkspaceResources(2.0, "4Gi"), List.of("npm ci", "npm run build"), Duration.ofMinutes(15)));
        assertThat(parsed.promptTemplate()).startsWith("You are working on {{ issue.identifier }}");
    }

    @Test
    void theRestOfTheKeys() {
        MissionConfig c = parsed("""
                ---
                tracker:
                  kind: local
                  directory: issues
                provider:
                  strategy: round_robin
                  primary: codex
                  secondary: command
                trigger:
                  kind: manual
                  interval: 1h30m
                  filters: {labels: bug, states: ~, project: Web, team: ENG}
                orchestration:
                  worktree_root_dir: /srv/worktrees
                  state_on_dispatch: null
                  state_on_complete: ~
                agent:
                  codex: {model: o3}
                  kind: command
                  command:
                    run: [./agent.sh, --issue, "{{ x }}"]
                    env: {LOG_LEVEL: debug, RETRIES: 3, VERBOSE: yes}
                    timeout: 45m
                workspace:
                  provider: null
                  resources: {cpu: 0.5}
                  setup_commands: make deps
                ---
                """).config();

        assertThat(c.tracker()).isEqualTo(new TrackerConfig(TrackerKind.LOCAL, "issues", null, null, null));
        assertThat(c.provider().strategy()).isEqualTo(ProviderStrategy.ROUND_ROBIN);
        assertThat(c.provider().primary()).isEqualTo("codex");
        assertThat(c.provider().secondary()).isEqualTo("command");
        assertThat(c.primaryAgent()).isEqualTo(AgentKind.CODEX);
        assertThat(c.secondaryAgent()).isEqualTo(AgentKind.COMMAND);
        assertThat(c.trigger().kind()).isEqualTo(TriggerKind.MANUAL);
        assertThat(c.trigger().interval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.trigger().filters()).isEqualTo(new MissionConfig.TriggerFilters(List.of("bug"), List.of(), "Web", "ENG"));
        assertThat(c.orchestration().worktreeRootDir()).isEqualTo("/srv/worktrees");
        assertThat(c.orchestration().stateOnDispatch()).isNull();
        assertThat(c.orchestration().stateOnComplete()).isNull();
        assertThat(c.agent().codex()).isEqualTo(JsonNodeFactory.instance.objectNode().put("model", "o3"));
        assertThat(c.agent().command().run()).isEqualTo(new Argv(List.of("./agent.sh", "--issue", "{{ x }}")));
        assertThat(c.agent().command().env()).containsExactly(
                Map.entry("LOG_LEVEL", "debug"), Map.entry("RETRIES", "3"), Map.entry("VERBOSE", "yes"));
        assertThat(c.agent().command().timeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(c.workspace().provider()).isNull();
        assertThat(c.workspace().resources()).isEqualTo(new WorkspaceResources(0.5, null));
        assertThat(c.workspace().setupCommands()).containsExactly("make deps");
    }

    @Test
    void commandAgentWithAShellScript() {
        MissionConfig c = parsed("""
                ---
                agent:
                  command:
                    run: |
                      ./prepare.sh
                      exec my-agent --prompt-file "$ORBITDOCK_PROMPT_FILE"
                ---
                """).config();

        assertThat(c.agent().kind()).isEqualTo(AgentKind.COMMAND);
        assertThat(c.agent().command().run()).isInstanceOf(Shell.class);
        assertThat(c.agent().command().run().argv()).containsExactly("sh", "-c",
                "./prepare.sh\nexec my-agent --prompt-file \"$ORBITDOCK_PROMPT_FILE\"\n");
    }

    @ParameterizedTest
    @CsvSource({"local, LOCAL", "github, GITHUB", "linear, LINEAR"})
    void trackerShorthand(String text, TrackerKind kind) {
        MissionConfig c = parsed("---\ntracker: " + text + "\n---\n").config();

        assertThat(c.tracker()).isEqualTo(TrackerConfig.of(kind));
        assertThat(c.tracker().directory()).isEqualTo(kind == TrackerKind.LOCAL ? ".orbitdock/issues" : null);
    }

    @Test
    void effectiveApiKeyEnvDefaultsPerKind() {
        assertThat(TrackerConfig.of(TrackerKind.GITHUB).effectiveApiKeyEnv()).isEqualTo("GITHUB_TOKEN");
        assertThat(TrackerConfig.of(TrackerKind.LINEAR).effectiveApiKeyEnv()).isEqualTo("LINEAR_API_KEY");
        assertThat(parsed("---\ntracker: {kind: linear, api_key_env: MY_KEY}\n---\n").config().tracker()
                .effectiveApiKeyEnv()).isEqualTo("MY_KEY");
    }

    @ParameterizedTest
    @CsvSource({"claude, CLAUDE", "codex, CODEX"})
    void agentShorthand(String text, AgentKind kind) {
        MissionConfig c = parsed("---\nagent: " + text + "\n---\n").config();

        assertThat(c.agent()).isEqualTo(MissionConfig.AgentConfig.of(kind));
    }

    @Test
    void stringFieldsTakeNumbersAndYaml11WordsAsWritten() {
        MissionConfig c = parsed("""
                ---
                name: 2025
                orchestration:
                  base_branch: 0x10
                  state_on_failure: no
                ---
                """).config();

        assertThat(c.name()).isEqualTo("2025");
        assertThat(c.orchestration().baseBranch()).isEqualTo("0x10");
        assertThat(c.orchestration().stateOnFailure()).isEqualTo("no");
    }

    @Test
    void nullSectionsAreDefaults() {
        MissionConfig c = parsed("---\ntracker:\nprovider: ~\ntrigger:\n  filters:\nworkspace:\n---\n").config();

        assertThat(c).isEqualTo(MissionConfig.defaults());
    }

    @Test
    void parsedCompilesItsPrompt() {
        MissionFile.Parsed parsed = parsed("Hello {{ issue.title }}");

        assertThat(parsed.prompt().render(PromptVariables.issue("1", "T-1", "world", null, null, null, null, 0)))
                .isEqualTo("Hello world");
    }

    @Test
    void agentConfigIsImmutable() {
        MissionConfig c = parsed(example()).config();

        c.agent().claude().put("model", "changed");

        assertThat(c.agent().claude().get("model").asText()).isEqualTo("claude-sonnet-4-5");
    }
}
