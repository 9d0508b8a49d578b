package dev.orbitdock.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Comments of local issues: numbered by position, listed, edited in place. */
class LocalCommentsTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    private LocalTracker tracker;

    @BeforeEach
    void open() throws IOException {
        tracker = new LocalTracker(dir, clock);
        Files.writeString(dir.resolve("7.md"), "---\ntitle: t\n---\n");
    }

    @Test
    void commentsAreNumberedByPositionAndListedInOrder() {
        assertThat(tracker.comment("7", "Started.").id()).isEqualTo("1");
        clock.advance(Duration.ofMinutes(5));
        assertThat(tracker.comment("7", "## Workpad\n- [ ] plan").id()).isEqualTo("2");

        assertThat(tracker.fetchComments("7", null).items()).containsExactly(
                new TrackerComment("1", "Started.", null, Instant.parse("2026-11-25T12:00:00Z")),
                new TrackerComment("2", "## Workpad\n- [ ] plan", null, Instant.parse("2026-11-25T12:05:00Z")));
        assertThat(tracker.fetchComments("7", null).hasNext()).isFalse();
    }

    @Test
    void anEditReplacesTheBodyInPlaceAndSaysWhen() throws IOException {
        tracker.comment("7", "Started.");
        tracker.comment("7", "## Workpad\n- [ ] plan");
        tracker.comment("7", "Later.");
        clock.advance(Duration.ofMinutes(5));

        TrackerComment edited = tracker.updateComment("7", "2", "## Workpad\n- [x] plan");

        assertThat(edited).isEqualTo(new TrackerComment("2", "## Workpad\n- [x] plan", null,
                Instant.parse("2026-11-25T12:00:00Z")));
        assertThat(Files.readString(dir.resolve(".comments/7.md"))).isEqualTo("""
                ### 2026-11-25T12:00:00Z

                Started.

                ### 2026-11-25T12:00:00Z · edited 2026-11-25T12:05:00Z

                ## Workpad
                - [x] plan

                ### 2026-11-25T12:00:00Z

                Later.

                """);
        assertThat(tracker.fetchComments("7", null).items()).extracting(TrackerComment::body)
                .containsExactly("Started.", "## Workpad\n- [x] plan", "Later.");
    }

    @Test
    void unknownCommentsIssuesAndCursorsAreInvalid() {
        tracker.comment("7", "Started.");

        for (String id : new String[] {"0", "2", "x", "-1", "1.0", null}) {
            assertThatThrownBy(() -> tracker.updateComment("7", id, "x")).as(id)
                    .isInstanceOf(TrackerException.Invalid.class)
                    .hasMessage("issue 7 has no comment '" + id + "'");
        }
        assertThatThrownBy(() -> tracker.fetchComments("404", null)).isInstanceOf(TrackerException.Invalid.class);
        assertThatThrownBy(() -> tracker.updateComment("404", "1", "x")).isInstanceOf(TrackerException.Invalid.class);
        assertThatThrownBy(() -> tracker.fetchComments("7", "2")).isInstanceOf(TrackerException.Invalid.class);
    }

    @Test
    void anIssueWithoutCommentsHasNone() {
        assertThat(tracker.fetchComments("7", null).items()).isEmpty();
    }
}
