package dev.orbitdock.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever comments we write read back as the same comments, whatever lines their bodies hold. */
class CommentFileProperties {
    private static final String AT = "2026-11-25T12:00:00Z";

    @Property(tries = 500)
    void commentsRoundTrip(@ForAll("entries") List<CommentFile.Entry> entries) {
        assertThat(CommentFile.parse(CommentFile.format(entries))).isEqualTo(entries);
    }

    @Provide
    Arbitrary<List<CommentFile.Entry>> entries() {
        // Lines chosen to look like, or nearly like, the headings that separate comments.
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of("", " ", "text", "## Workpad", "### Plan", "### " + AT, "\\### " + AT,
                        "\\\\### " + AT, "### " + AT + " · edited " + AT, "\\### " + AT + " · edited " + AT,
                        "### " + AT + " · edited soon", "### 2026-13-45T99:00:00Z", "#### " + AT, " ### " + AT,
                        "### " + AT + "\r", "\\"),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> body = line.list().ofMaxSize(6).map(lines -> String.join("\n", lines));
        Arbitrary<Instant> instant = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond);
        Arbitrary<CommentFile.Entry> entry = Combinators.combine(instant, instant.injectNull(0.5), body)
                .as(CommentFile.Entry::new);
        return entry.list().ofMaxSize(5);
    }

    @Example
    void aBodyLineThatReadsAsAHeadingIsWrittenEscaped() {
        String text = CommentFile.format(new CommentFile.Entry(Instant.parse(AT), null, "### " + AT + "\n### Plan"));

        assertThat(text).isEqualTo("### " + AT + "\n\n\\### " + AT + "\n### Plan\n\n");
        assertThat(CommentFile.parse(text)).singleElement().extracting(CommentFile.Entry::body)
                .isEqualTo("### " + AT + "\n### Plan");
    }

    @Example
    void textBeforeTheFirstHeadingIsNoComment() {
        assertThat(CommentFile.parse("notes by hand\n\n### " + AT + "\n\nfirst\n")).containsExactly(
                new CommentFile.Entry(Instant.parse(AT), null, "first"));
    }
}
