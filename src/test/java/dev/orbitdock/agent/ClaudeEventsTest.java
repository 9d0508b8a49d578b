package dev.orbitdock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Claude Code's stream-json, recorded from the real CLI against the scripted model (AgentFixtureRecorder). */
class ClaudeEventsTest {
    private final ClaudeEvents mapper = new ClaudeEvents();

    static Stream<Arguments> recordedSessions() {
        return Stream.of(
                Arguments.of("claude/text.jsonl", List.of(
                        "session true claude-sonnet-4-5", "status working", "system init",
                        "assistant The answer is 42.",
                        "tokens claude-sonnet-4-5 in=150 out=15 cached=30 usd=0.000594",
                        "usage ", "status waiting")),
                Arguments.of("claude/tool-commit.jsonl", List.of(
                        "session true claude-sonnet-4-5", "status working", "system init",
                        "tool_call Bash {\"command\":\"" + AgentFixtureRecorder.COMMIT.replace("\"", "\\\"")
                                + "\",\"description\":\"run a shell command\"}",
                        "tool_result error=false \"(Bash completed with no output)\"",
                        "assistant Committed hello.txt.",
                        "tokens claude-sonnet-4-5 in=300 out=30 cached=60 usd=0.001188",
                        "usage ", "status waiting")),
                Arguments.of("claude/model-error.jsonl", List.of(
                        "session true claude-sonnet-4-5", "status working", "system init",
                        "error invalid_request: Prompt is too long",
                        "usage ",
                        "error prompt_too_long: Prompt is too long",
                        "status waiting")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedSessions")
    void mapsEveryLineOfARecordedSession(String fixture, List<String> expected) {
        List<String> actual = AgentEventSummary.ofFixture(fixture, mapper).stream()
                // Error messages are long prose of the CLI's; their start is enough.
                .map(s -> s.startsWith("error ") ? s.substring(0, Math.min(s.length(), s.indexOf(':') + 20)) : s)
                .toList();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void keepsMalformedLinesAndUnknownEventsAsRawRows() {
        assertThat(mapper.map("{not json")).map(AgentEventSummary::of).containsExactly("raw line {not json");
        assertThat(mapper.map("[1,2]")).map(AgentEventSummary::of).containsExactly("raw line [1,2]");
        assertThat(mapper.map("{\"type\":\"rate_limit_event\",\"x\":1}")).map(AgentEventSummary::of)
                .containsExactly("raw event \"rate_limit_event\"");
        assertThat(mapper.map("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"image\"}]}}"))
                .map(AgentEventSummary::of).containsExactly("raw event \"image\"");
        assertThat(mapper.map("{\"no_type\":true}")).map(AgentEventSummary::of).containsExactly("raw event ");
    }

    @Test
    void mapsThinkingBlocksAndOtherSystemEvents() {
        assertThat(mapper.map("""
                {"type":"assistant","message":{"content":[{"type":"thinking","thinking":"Let me look."}]}}"""))
                .map(AgentEventSummary::of).containsExactly("reasoning Let me look.");
        assertThat(mapper.map("{\"type\":\"system\",\"subtype\":\"compact_boundary\"}"))
                .map(AgentEventSummary::of).containsExactly("system compact_boundary");
    }
}
