package dev.orbitdock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Codex's exec --json, recorded from the real CLI against the scripted model (AgentFixtureRecorder). */
class CodexEventsTest {
    private final CodexEvents mapper = new CodexEvents("gpt-5.5");

    static Stream<Arguments> recordedSessions() {
        return Stream.of(
                Arguments.of("codex/text.jsonl", List.of(
                        "session true gpt-5.5", "system thread.started", "status working",
                        "assistant#item_0 The answer is 42.",
                        "tokens gpt-5.5 in=120 out=15 cached=30 usd=0", "usage ",
                        "status waiting")),
                Arguments.of("codex/tool-commit.jsonl", List.of(
                        "session true gpt-5.5", "system thread.started", "status working",
                        "tool_call#item_0 command {\"command\":\"/bin/bash -lc \\\""
                                + AgentFixtureRecorder.COMMIT + "\\\"\"}",
                        "tool_call#item_0 command {\"command\":\"/bin/bash -lc \\\""
                                + AgentFixtureRecorder.COMMIT + "\\\"\"}",
                        "tool_result#item_0/result error=false \"\"",
                        "assistant#item_1 Committed hello.txt.",
                        "tokens gpt-5.5 in=240 out=30 cached=60 usd=0", "usage ",
                        "status waiting")),
                Arguments.of("codex/model-error.jsonl", List.of(
                        "session true gpt-5.5", "system thread.started", "status working",
                        "error error: {\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long:"
                                + " 250000 tokens > 200000 maximum\"}}",
                        "error turn.failed: {\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too"
                                + " long: 250000 tokens > 200000 maximum\"}}",
                        "status waiting")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedSessions")
    void mapsEveryLineOfARecordedSession(String fixture, List<String> expected) {
        assertThat(AgentEventSummary.ofFixture(fixture, mapper)).containsExactlyElementsOf(expected);
    }

    @Test
    void mapsFileChangesMcpCallsAndReasoning() {
        assertThat(mapper.map("""
                {"type":"item.completed","item":{"id":"item_3","type":"file_change","changes":[{"path":"a.txt",\
                "kind":"add"}],"status":"completed"}}""")).map(AgentEventSummary::of).containsExactly(
                "tool_call#item_3 file_change {\"changes\":[{\"path\":\"a.txt\",\"kind\":\"add\"}]}",
                "tool_result#item_3/result error=false ");
        assertThat(mapper.map("""
                {"type":"item.completed","item":{"id":"item_4","type":"mcp_tool_call","server":"orbitdock",\
                "tool":"get_issue","arguments":{"id":"ABC-1"},"result":{"content":[]},"error":null,\
                "status":"completed"}}""")).map(AgentEventSummary::of).containsExactly(
                "tool_call#item_4 orbitdock/get_issue {\"arguments\":{\"id\":\"ABC-1\"}}",
                "tool_result#item_4/result error=false {\"content\":[]}");
        assertThat(mapper.map("""
                {"type":"item.completed","item":{"id":"item_5","type":"reasoning","text":"Look first."}}"""))
                .map(AgentEventSummary::of).containsExactly("reasoning#item_5 Look first.");
    }

    @Test
    void keepsMalformedLinesAndUnknownEventsAsRawRows() {
        assertThat(mapper.map("not json at all")).map(AgentEventSummary::of)
                .containsExactly("raw line not json at all");
        assertThat(mapper.map("{\"type\":\"session.configured\"}")).map(AgentEventSummary::of)
                .containsExactly("raw event \"session.configured\"");
        assertThat(mapper.map("{\"type\":\"item.completed\",\"item\":{\"id\":\"i\",\"type\":\"todo_list\"}}"))
                .map(AgentEventSummary::of).containsExactly("raw event \"item.completed\"");
    }
}
