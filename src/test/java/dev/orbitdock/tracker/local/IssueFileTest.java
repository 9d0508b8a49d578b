package dev.orbitdock.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Malformed issue files are reported with the file name and the line to fix. */
class IssueFileTest {
    private static final Instant MTIME = Instant.parse("2026-01-01T00:00:00Z");

    private static TrackerIssue parse(String content) {
        return IssueFile.parse(IssueText.split("x.md", content), "x", null, MTIME);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no front matter         | title: x\\n                                   | x.md:1: an issue file must start with a '---' line (YAML front matter)
            unclosed front matter   | ---\\ntitle: x\\n                             | x.md:1: the front matter is not closed by a '---' line
            missing title           | ---\\nstate: Todo\\n---\\n                    | x.md:1: the front matter needs a title
            blank title             | ---\\nstate: Todo\\ntitle: ''\\n---\\n        | x.md:3: the front matter needs a title
            priority out of range   | ---\\ntitle: x\\n\\npriority: 5\\n---\\n      | x.md:4: priority must be 0 (none) or 1 (urgent) … 4 (low), not '5'
            priority not a number   | ---\\ntitle: x\\npriority: high\\n---\\n      | x.md:3: priority must be 0 (none) or 1 (urgent) … 4 (low), not 'high'
            created not an instant  | ---\\ntitle: x\\ncreated: yesterday\\n---\\n  | x.md:3: created must be an ISO-8601 instant such as 2026-01-31T09:00:00Z, not 'yesterday'
            labels a mapping        | ---\\ntitle: x\\nlabels: {a: b}\\n---\\n      | x.md:3: labels must be a list of names
            title a list            | ---\\ntitle: [a, b]\\n---\\n                  | x.md:2: title must be a single value
            not a mapping           | ---\\n- a\\n- b\\n---\\n                      | x.md:2: the front matter must be a YAML mapping (key: value lines)
            """)
    void reportsTheLine(String what, String content, String message) {
        assertThatThrownBy(() -> parse(content.replace("\\n", "\n")))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessage(message);
    }

    @Test
    void yamlSyntaxErrorsPointAtTheFileLine() {
        assertThatThrownBy(() -> parse("---\ntitle: x\nstate: Todo\nlabels: [a, b\n---\nbody\n"))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessage("x.md:4: front matter is not valid YAML: while parsing a flow sequence: "
                        + "expected ',' or ']', but got <stream end>");
    }

    @Test
    void duplicateKeysAreAnError() {
        assertThatThrownBy(() -> parse("---\ntitle: x\nstate: Todo\nstate: Done\n---\n"))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessageStartingWith("x.md:4: front matter is not valid YAML:")
                .hasMessageContaining("state");
    }

    @Test
    void aSingleLabelMayBeWrittenWithoutAList() {
        assertThat(parse("---\ntitle: x\nlabels: agent\n---\n").labels()).containsExactly("agent");
    }

    @Test
    void createdMayCarryAnOffset() {
        assertThat(parse("---\ntitle: x\ncreated: 2026-01-31T10:00:00+01:00\n---\n").createdAt())
                .isEqualTo(Instant.parse("2026-01-31T09:00:00Z"));
    }

    @Test
    void anEmptyBodyIsAnEmptyDescription() {
        assertThat(parse("---\ntitle: x\n---").description()).isEmpty();
        assertThat(parse("---\ntitle: x\n---\n\n\n").description()).isEmpty();
    }

    @Test
    void invalidUtf8IsReportedNotGuessed() {
        byte[] bytes = "---\ntitle: caf\u00e9\n---\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> IssueFile.decode("x.md", bytes))
                .isInstanceOf(TrackerException.Invalid.class)
                .hasMessage("x.md: not valid UTF-8");
    }

    @Test
    void unknownKeysAreAllowed() {
        assertThat(parse("---\ntitle: x\nassignee: me\nparent: y\n---\n").labels()).isEqualTo(List.of());
    }
}
