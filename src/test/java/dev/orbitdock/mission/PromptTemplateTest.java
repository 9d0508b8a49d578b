package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.common.OrbitDockException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

    static PromptVariables vars() {
        return PromptVariables.issue("gid-1", "ENG-42", "Fix the login page", "It crashes on submit.",
                        "https://tracker.example/ENG-42", "Todo", List.of("bug", "ui"), 2)
                .mission(Map.of("id", "m-1", "name", "Docs backlog"))
                .workspace("orbitdock/eng-42", "/work/eng-42");
    }

    @Test
    void rendersEveryVariable() {
        PromptTemplate template = PromptTemplate.compile("""
                {{ issue.id }}|{{ issue.identifier }}|{{ issue.title }}|{{ issue.description }}|{{ issue.url }}|\
                {{ issue.state }}|{{ issue.labels | join: "," }}|{{ issue.priority }}|{{ attempt }}|{{ mission.name }}|\
                {{ workspace.branch }}|{{ workspace.path }}""");

        assertThat(template.render(vars().attempt(3))).isEqualTo("gid-1|ENG-42|Fix the login page|It crashes on "
                + "submit.|https://tracker.example/ENG-42|Todo|bug,ui|2|3|Docs backlog|orbitdock/eng-42|/work/eng-42");
    }

    @Test
    void labelsJoined() {
        assertThat(PromptTemplate.compile("Labels: {{ issue.labels | join: \", \" }}").render(vars()))
                .isEqualTo("Labels: bug, ui");
    }

    @Test
    void attemptBranch() {
        PromptTemplate template = PromptTemplate.compile(
                "{% if attempt > 1 %}Retry #{{ attempt }}: check the branch first.{% else %}First try.{% endif %}");

        assertThat(template.render(vars())).isEqualTo("First try.");
        assertThat(template.render(vars().attempt(2))).isEqualTo("Retry #2: check the branch first.");
    }

    @Test
    void nullsRenderAsEmptyAndTestAsBlank() {
        PromptVariables vars = PromptVariables.issue("1", "T-1", "t", null, null, null, null, 0);
        PromptTemplate template = PromptTemplate.compile(
                "[{{ issue.description }}]{% if issue.description != empty %}has{% else %}none{% endif %}"
                        + "[{{ issue.labels | join: ',' }}]{{ issue.url | default: 'no url' }}");

        assertThat(template.render(vars)).isEqualTo("[]none[]no url");
    }

    @Test
    void theExampleBodyRenders() {
        String body = MissionFileTest.parsed(MissionFileTest.example()).promptTemplate();

        String prompt = PromptTemplate.compile(body).render(vars().attempt(2));

        assertThat(prompt).contains("You are working on ENG-42: Fix the login page", "Labels: bug, ui",
                "It crashes on submit.", "Work on branch `orbitdock/eng-42` in `/work/eng-42`.",
                "This is attempt 2.", "mention the mission \"Docs backlog\".");
        assertThat(PromptTemplate.compile(body).render(vars())).doesNotContain("This is attempt");
    }

    @Test
    void unknownVariableIsARenderError() {
        PromptTemplate template = PromptTemplate.compile("{{ mission.owner }}");

        assertThatThrownBy(() -> template.render(vars())).isInstanceOfSatisfying(OrbitDockException.class, e -> {
            assertThat(e.code()).isEqualTo("prompt_render_failed");
            assertThat(e.getMessage()).isEqualTo("the prompt uses 'mission.owner', which is not set");
            assertThat(e.hint()).contains("workspace.{branch,path}");
        });
    }

    @Test
    void workspaceNotGivenIsARenderError() {
        PromptTemplate template = PromptTemplate.compile("{{ workspace.branch }}");
        PromptVariables noWorkspace = PromptVariables.issue("1", "T-1", "t", "", "", "", List.of(), 0);

        assertThatThrownBy(() -> template.render(noWorkspace)).isInstanceOf(OrbitDockException.class)
                .hasMessage("the prompt uses 'workspace.branch', which is not set");
    }

    @Test
    void unknownFilterIsARenderError() {
        PromptTemplate template = PromptTemplate.compile("{{ issue.title | shout }}");

        assertThatThrownBy(() -> template.render(vars())).isInstanceOfSatisfying(OrbitDockException.class, e -> {
            assertThat(e.code()).isEqualTo("prompt_render_failed");
            assertThat(e.getMessage()).isEqualTo(
                    "the prompt template failed to render at line 1, column 16: no filter available named: |shout");
        });
    }

    @Test
    void failingFilterIsARenderError() {
        assertThatThrownBy(() -> PromptTemplate.compile("{{ issue.title | truncate: 'x' }}").render(vars()))
                .isInstanceOfSatisfying(OrbitDockException.class,
                        e -> assertThat(e.code()).isEqualTo("prompt_render_failed"));
    }

    @Test
    void runawayLoopIsARenderError() {
        PromptTemplate template = PromptTemplate.compile("{% for i in (1..10000000) %}x{% endfor %}");

        assertThatThrownBy(() -> template.render(vars())).isInstanceOfSatisfying(OrbitDockException.class, e ->
                assertThat(e.getMessage()).isEqualTo(
                        "the prompt template loops too many times (more than 100000 iterations)"));
    }

    @Test
    void invalidTemplateDoesNotCompile() {
        assertThatThrownBy(() -> PromptTemplate.compile("ok\n{% if x %}"))
                .isInstanceOfSatisfying(OrbitDockException.class, e -> {
                    assertThat(e.code()).isEqualTo("prompt_invalid");
                    assertThat(e.getMessage()).isEqualTo(
                            "prompt template line 2, column 11: Liquid syntax error: mismatched input '<EOF>' "
                                    + "expecting TagStart");
                });
    }

    @Test
    void staticProblemsAreRelativeToTheBodyStart() {
        assertThat(PromptTemplate.problems("a\n{{ issue.x | nope }}", 10)).containsExactly(
                new MissionProblem(11, 10, "unknown field 'x' of issue (valid: id, identifier, title, description, "
                        + "url, state, labels, priority)"),
                new MissionProblem(11, 14, "unknown Liquid filter 'nope'"));
    }

    @Test
    void templateVariablesAndBuiltInsAreKnown() {
        assertThat(PromptTemplate.problems("""
                {% assign n = issue.labels.size %}{% capture c %}x{% endcapture %}{% increment k %}
                {% for l in issue.labels %}{{ forloop.index }}{{ l }}{% endfor %}{% for i in (1..n) %}{{ i }}{% endfor %}
                {% tablerow t in issue.labels %}{{ t }}{{ tablerowloop.col }}{% endtablerow %}
                {{ c }}{{ k }}{{ issue.size }}{{ issue['title'] }}{{ attempt | plus: 1 }}{{ mission.x.y }}
                {% case issue.state %}{% when 'Todo' %}todo{% endcase %}{% unless issue.url == empty %}u{% endunless %}
                {% comment %}{{ anything | goes }}{% endcomment %}{% raw %}{{ literally }}{% endraw %}
                """, 1)).isEmpty();
    }

    @Test
    void rendersConcurrently() throws Exception {
        PromptTemplate template = PromptTemplate.compile("{{ issue.identifier }}-{{ attempt }}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                int attempt = i;
                results.add(pool.submit(() -> template.render(vars().attempt(attempt))));
            }
            for (int i = 1; i <= 200; i++) {
                assertThat(results.get(i - 1).get()).isEqualTo("ENG-42-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void variablesAreCopiedAndPlain() {
        Map<String, Object> mission = new HashMap<>();
        mission.put("name", null);
        mission.put("tags", List.of("a"));
        mission.put("started", java.time.Instant.parse("2025-01-02T03:04:05Z"));
        PromptVariables vars = vars().mission(mission);
        mission.put("name", "changed");

        assertThat(vars.mission()).containsEntry("name", "").containsEntry("tags", List.of("a"))
                .containsEntry("started", "2025-01-02T03:04:05Z");
        assertThat(vars.asMap()).containsOnlyKeys("issue", "attempt", "mission", "workspace");
        assertThatThrownBy(() -> vars.attempt(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
