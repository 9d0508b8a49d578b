package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invalid MISSION.md files: every problem, at its line and column in the whole file. */
class MissionFileProblemsTest {

    static List<String> problems(String text) {
        MissionFile.Result result = MissionFile.parse(text);
        assertThat(result).isInstanceOf(MissionFile.Invalid.class);
        return ((MissionFile.Invalid) result).problems().stream().map(MissionProblem::toString).toList();
    }

    @Test
    void unknownKeyListsTheValidOnes() {
        assertThat(problems("""
                ---
                name: x
                orchestration:
                  max_retries: 2
                  base_branch: main
                  max_retry: 4
                agent: claude
                ---
                """)).containsExactly("MISSION.md:6:3: unknown key 'max_retry' in orchestration (valid: max_retries, "
                + "max_backoff, stall_timeout, heartbeat_timeout, base_branch, worktree_root_dir, state_on_dispatch, "
                + "state_on_complete, state_on_failure)");
    }

    @Test
    void unknownTopLevelKey() {
        assertThat(problems("---\nagent: codex\nretries: 3\n---\n")).containsExactly(
                "MISSION.md:3:1: unknown key 'retries' at the top level (valid: name, tracker, provider, trigger, "
                        + "orchestration, agent, workspace)");
    }

    @Test
    void wrongTypes() {
        assertThat(problems("""
                ---
                agent: codex
                orchestration:
                  max_retries: many
                  base_branch: [main]
                provider:
                  max_concurrent: 1.5
                trigger:
                  filters:
                    labels: {bug: true}
                    states: [Todo, [x]]
                workspace: docker
                ---
                """)).containsExactly(
                "MISSION.md:4:16: orchestration.max_retries must be a whole number (got 'many')",
                "MISSION.md:5:16: orchestration.base_branch must be a string",
                "MISSION.md:7:19: provider.max_concurrent must be a whole number (got '1.5')",
                "MISSION.md:10:13: trigger.filters.labels must be a list of strings",
                "MISSION.md:11:20: trigger.filters.states[1] must be a string",
                "MISSION.md:12:12: workspace must be a mapping");
    }

    @Test
    void invalidEnumValuesListTheValidOnes() {
        assertThat(problems("""
                ---
                tracker: jira
                provider: {strategy: random, primary: k8s}
                trigger:
                  kind: cron
                agent:
                  kind: gpt
                workspace:
                  retention: forever
                  provider: Docker
                ---
                """)).containsExactly(
                "MISSION.md:2:10: tracker must be one of local, github, linear (got 'jira')",
                "MISSION.md:3:22: provider.strategy must be one of single, priority, round_robin (got 'random')",
                "MISSION.md:3:39: provider.primary must be one of command, claude, codex or null (got 'k8s')",
                "MISSION.md:5:9: trigger.kind must be one of poll, manual (got 'cron')",
                "MISSION.md:7:9: agent.kind must be one of command, claude, codex (got 'gpt')",
                "MISSION.md:9:14: workspace.retention must be one of destroy, keep_duration (got 'forever')",
                "MISSION.md:10:13: workspace.provider must be one of local, daytona, ssh, docker or null (got 'Docker')");
    }

    @Test
    void invalidDurations() {
        assertThat(problems("""
                ---
                agent: claude
                trigger:
                  interval: 500ms
                orchestration:
                  max_backoff: soon
                  stall_timeout: 10
                  heartbeat_timeout: -2m
                workspace:
                  setup_timeout: 0s
                ---
                """)).containsExactly(
                "MISSION.md:4:13: trigger.interval must be at least 1s (got '500ms')",
                "MISSION.md:6:16: orchestration.max_backoff must be a duration such as 30s, 5m, 2h or 1d (got 'soon')",
                "MISSION.md:7:18: orchestration.stall_timeout must be a duration with a unit, such as 10s or 10m "
                        + "(got '10')",
                "MISSION.md:8:22: orchestration.heartbeat_timeout must be a duration such as 30s, 5m, 2h or 1d "
                        + "(got '-2m')",
                "MISSION.md:10:18: workspace.setup_timeout must be at least 1s (got '0s')");
    }

    @Test
    void negativeAndOutOfRangeNumbers() {
        assertThat(problems("""
                ---
                agent: claude
                orchestration: {max_retries: -1}
                provider:
                  max_concurrent: 0
                  max_concurrent_primary: 99999999999
                workspace:
                  resources: {cpu: -2, memory: 4 GB}
                ---
                """)).containsExactly(
                "MISSION.md:3:30: orchestration.max_retries must be at least 0 (got -1)",
                "MISSION.md:5:19: provider.max_concurrent must be at least 1 (got 0)",
                "MISSION.md:6:27: provider.max_concurrent_primary must be at most 2147483647 (got 99999999999)",
                "MISSION.md:8:20: workspace.resources.cpu must be a positive number (got '-2')",
                "MISSION.md:8:32: workspace.resources.memory must be a size such as 512Mi or 4Gi (got '4 GB')");
    }

    @Test
    void commandAgentNeedsSomethingToRun() {
        assertThat(problems("---\nagent:\n  kind: command\n  command:\n    timeout: 5m\n---\n"))
                .containsExactly("MISSION.md:4:3: agent.command.run is required when agent.kind is command");
        assertThat(problems("---\nagent: command\n---\n"))
                .containsExactly("MISSION.md:2:1: agent.command.run is required when agent.kind is command");
        assertThat(problems("---\nagent:\n  claude: {model: x}\n---\n"))
                .containsExactly("MISSION.md:2:1: agent.command.run is required when agent.kind is command");
        assertThat(problems("---\nagent: {command: {run: []}}\n---\n")).containsExactly(
                "MISSION.md:2:24: agent.command.run must be a string (run with sh -c) or a non-empty list of "
                        + "strings (an argv)");
    }

    @Test
    void keysThatDoNothingForTheChosenKind() {
        assertThat(problems("""
                ---
                agent: claude
                tracker:
                  repo: acme/web
                  project_number: 3
                  api_key_env: TOKEN
                ---
                """)).containsExactly(
                "MISSION.md:4:3: tracker.repo is only used when tracker.kind is github",
                "MISSION.md:5:3: tracker.project_number is only used when tracker.kind is github",
                "MISSION.md:6:3: tracker.api_key_env is only used when tracker.kind is github or linear");
        assertThat(problems("---\nagent: claude\ntracker: {kind: github, directory: x, repo: acme}\n---\n"))
                .containsExactly(
                        "MISSION.md:3:25: tracker.directory is only used when tracker.kind is local",
                        "MISSION.md:3:45: tracker.repo must look like owner/name (got 'acme')");
    }

    @Test
    void providerCrossChecks() {
        assertThat(problems("""
                ---
                agent: claude
                provider:
                  strategy: priority
                  max_concurrent: 2
                  max_concurrent_primary: 3
                ---
                """)).containsExactly(
                "MISSION.md:4:3: provider.secondary is required when provider.strategy is priority",
                "MISSION.md:6:3: provider.max_concurrent_primary (3) must not be more than provider.max_concurrent (2)");
    }

    @Test
    void blankAndBooleanStrings() {
        assertThat(problems("---\nagent: claude\nname: \"  \"\norchestration:\n  state_on_failure: false\n---\n"))
                .containsExactly(
                        "MISSION.md:3:7: name must not be blank",
                        "MISSION.md:5:21: orchestration.state_on_failure must be a string (quote it: \"false\")");
    }

    @Test
    void quotedEmptyStringIsBlankNotNull() {
        assertThat(problems("---\nagent: claude\norchestration:\n  base_branch: \"\"\n---\n")).containsExactly(
                "MISSION.md:4:16: orchestration.base_branch must not be blank");
    }

    @Test
    void columnsCountCodePoints() {
        assertThat(problems("---\nagent: claude\nname: \"\uD83D\uDE80\"\nbogus: 1\n---\n\uD83D\uDE80 {{ issue.nope }}\n"))
                .containsExactly(
                        "MISSION.md:4:1: unknown key 'bogus' at the top level (valid: name, tracker, provider, trigger, "
                                + "orchestration, agent, workspace)",
                        "MISSION.md:6:12: unknown field 'nope' of issue (valid: id, identifier, title, description, "
                                + "url, state, labels, priority)");
    }

    @Test
    void envNamesAndValues() {
        assertThat(problems("---\nagent:\n  command:\n    run: x\n    env: {\"A B\": 1, OK: [1]}\n---\n"))
                .containsExactly(
                        "MISSION.md:5:11: agent.command.env: 'A B' is not a valid environment variable name",
                        "MISSION.md:5:25: agent.command.env.OK must be a string");
    }

    @Test
    void freeFormAgentSectionsMustBeMappings() {
        assertThat(problems("---\nagent:\n  kind: claude\n  claude: sonnet\n---\n"))
                .containsExactly("MISSION.md:4:11: agent.claude must be a mapping");
    }

    @Test
    void multipleProblemsAreAllReportedInFileOrder() {
        List<String> problems = problems("""
                ---
                tracker: {kind: github, repo: acme/web, token: x}
                orchestration:
                  max_retries: many
                  max_retry: 3
                trigger:
                  interval: fast
                agent:
                  kind: command
                ---
                Hello {{ issue.titel | shout }}
                """);

        assertThat(problems).containsExactly(
                "MISSION.md:2:41: unknown key 'token' in tracker (valid: kind, directory, repo, project_number, "
                        + "api_key_env)",
                "MISSION.md:4:16: orchestration.max_retries must be a whole number (got 'many')",
                "MISSION.md:5:3: unknown key 'max_retry' in orchestration (valid: max_retries, max_backoff, "
                        + "stall_timeout, heartbeat_timeout, base_branch, worktree_root_dir, state_on_dispatch, "
                        + "state_on_complete, state_on_failure)",
                "MISSION.md:7:13: trigger.interval must be a duration such as 30s, 5m, 2h or 1d (got 'fast')",
                "MISSION.md:9:3: agent.command.run is required when agent.kind is command",
                "MISSION.md:11:16: unknown field 'titel' of issue (valid: id, identifier, title, description, url, "
                        + "state, labels, priority)",
                "MISSION.md:11:24: unknown Liquid filter 'shout'");
    }

    @Test
    void yamlSyntaxErrorAtItsPosition() {
        assertThat(problems("""
                ---
                name: x
                orchestration:
                  max_retries: 2
                 base_branch: main
                ---
                Body
                """)).containsExactly("MISSION.md:5:2: YAML syntax error: expected <block end>, but found "
                + "'<block mapping start>' (while parsing a block mapping started on line 2)");
    }

    @Test
    void yamlSyntaxErrorsOfOtherKinds() {
        assertThat(problems("---\nagent: claude\nname: 'unterminated\n---\n")).singleElement().asString()
                .startsWith("MISSION.md:4:1: YAML syntax error: found unexpected end of stream "
                        + "(while scanning a quoted scalar started on line 3)");
        assertThat(problems("---\nname: a: b\n---\n"))
                .containsExactly("MISSION.md:2:8: YAML syntax error: mapping values are not allowed here");
        assertThat(problems("---\nagent:\n\tkind: claude\n---\n")).singleElement().asString()
                .startsWith("MISSION.md:3:1: YAML syntax error: found character '\\t(TAB)' that cannot start any token");
        assertThat(problems("---\n? [a, b]\n: 1\n---\n"))
                .singleElement().asString().startsWith("MISSION.md:2:").endsWith("YAML syntax error: YAML keys must be plain scalars such as max_retries");
    }

    @Test
    void yamlSyntaxErrorAndLiquidErrorTogether() {
        assertThat(problems("---\nname: [x\n---\n{% if x %}\n")).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("MISSION.md:3:1: YAML syntax error"))
                .anySatisfy(p -> assertThat(p).startsWith("MISSION.md:5:"));
    }

    @Test
    void duplicateKeysAndAliases() {
        assertThat(problems("---\nagent: claude\nname: a\nname: b\nworkspace:\n  image: &img x\n"
                + "  setup_commands: [*img]\n---\n")).containsExactly(
                "MISSION.md:4:1: duplicate key 'name' (first set on line 3)",
                "MISSION.md:7:20: YAML aliases (*img) are not supported; write the value out");
    }

    @Test
    void frontMatterMustBeAMapping() {
        assertThat(problems("---\n- a\n- b\n---\n")).containsExactly(
                "MISSION.md:2:1: the front matter must be a mapping of keys such as tracker: and agent:");
    }

    @Test
    void unclosedFrontMatter() {
        assertThat(problems("---\nname: x\nBody {{ issue.title }}\n")).containsExactly(
                "MISSION.md:1:1: the front matter that starts on line 1 is not closed: add a line '---' after it");
    }

    @Test
    void liquidSyntaxErrorInTheBodyAtItsLine() {
        assertThat(problems("---\nagent: claude\n---\nLine one\n\n{% if attempt > 1 %}\nretry\n")).containsExactly(
                "MISSION.md:8:1: Liquid syntax error: mismatched input '<EOF>' expecting TagStart");
        assertThat(problems("Intro\n{% bogus %}\n")).containsExactly(
                "MISSION.md:2:4: Liquid syntax error: Invalid Tag: 'bogus'");
        assertThat(problems("Intro {{ issue.title ")).singleElement().asString()
                .startsWith("MISSION.md:1:22: Liquid syntax error: mismatched input '<EOF>'");
    }

    @Test
    void unknownVariablesAndIncludesInTheBody() {
        assertThat(problems("""
                {% assign who = issue.identifier %}{{ who }}
                {% for label in issue.labels %}{{ label }} {{ forloop.index }}{% endfor %}
                {{ isue.title }} {{ workspace.branch }} {{ workspace.dir }} {{ mission.anything }}
                {% include 'secrets' %}
                """)).containsExactly(
                "MISSION.md:3:4: unknown variable 'isue' (a mission prompt can use issue.{id,identifier,title,"
                        + "description,url,state,labels,priority}, attempt, mission.*, workspace.{branch,path})",
                "MISSION.md:3:54: unknown field 'dir' of workspace (valid: branch, path)",
                "MISSION.md:4:1: {% include %} is not supported in mission prompts: the prompt must be self-contained");
    }

    @ParameterizedTest
    @ValueSource(strings = {"---", "---\n", "---\n---x\n", ":\n", "---\n{\n---\n", "---\n!!binary x\n---\n",
            "---\nname: !!int x\n---\n", "{% %}", "{{", "{% for %}", "---\n[[[[[[[[[[\n---\n"})
    void neverThrows(String text) {
        assertThat(MissionFile.parse(text)).isNotNull();
    }

    @Test
    void toStringAndFormat() {
        MissionProblem problem = new MissionProblem(7, 3, "unknown key 'x'");

        assertThat(problem).hasToString("MISSION.md:7:3: unknown key 'x'");
        assertThat(problem.format("missions/docs/MISSION.md")).isEqualTo("missions/docs/MISSION.md:7:3: unknown key 'x'");
    }
}
