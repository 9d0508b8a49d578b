package dev.orbitdock.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.tracker.CandidateQuery;
import dev.orbitdock.tracker.Page;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTrackerTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    private LocalTracker tracker;

    @BeforeEach
    void open() {
        tracker = new LocalTracker(dir, clock);
    }

    private Path write(String id, String content) throws IOException {
        return Files.writeString(dir.resolve(id + ".md"), content);
    }

    private Path issue(String id, String frontMatter) throws IOException {
        return write(id, "---\n" + frontMatter + "---\nBody of " + id + "\n");
    }

    private static CandidateQuery query(List<String> labels, List<String> states) {
        return new CandidateQuery(labels, states, null, null);
    }

    private TrackerIssue found(String id) {
        TrackerRead read = tracker.fetchIssues(List.of(id)).get(id);
        assertThat(read).isInstanceOf(TrackerRead.Found.class);
        return ((TrackerRead.Found) read).issue();
    }

    private TrackerException unknown(String id) {
        TrackerRead read = tracker.fetchIssues(List.of(id)).get(id);
        assertThat(read).isInstanceOf(TrackerRead.Unknown.class);
        return ((TrackerRead.Unknown) read).error();
    }

    @Test
    void readsEveryFrontMatterFieldAndTheBody() throws IOException {
        write("ENG-7", """
                ---
                identifier: OD-7
                title: "Fix: the poller"
                state: In Progress
                labels: [agent, backend]
                priority: 2
                created: 2026-01-31T09:00:00Z
                url: https://example.com/7
                parent: ENG-1
                ---

                First line.

                  indented
                """);

        assertThat(found("ENG-7")).isEqualTo(new TrackerIssue("ENG-7", "OD-7", "Fix: the poller",
                "First line.\n\n  indented", "https://example.com/7", "In Progress", List.of("agent", "backend"), 2,
                Instant.parse("2026-01-31T09:00:00Z")));
    }

    @Test
    void optionalFieldsHaveDefaults() throws IOException {
        Path file = issue("42", "title: Minimal\n");
        Instant mtime = Instant.parse("2026-03-01T10:00:00Z");
        Files.setLastModifiedTime(file, FileTime.from(mtime));

        TrackerIssue issue = found("42");

        assertThat(issue.identifier()).isEqualTo("42");
        assertThat(issue.state()).isEqualTo("Todo");
        assertThat(issue.priority()).isZero();
        assertThat(issue.labels()).isEmpty();
        assertThat(issue.createdAt()).isEqualTo(mtime);
        assertThat(issue.url()).isEqualTo(file.toUri().toString());
        assertThat(issue.description()).isEqualTo("Body of 42");
    }

    @Test
    void candidatesMatchAnyStateIgnoringCaseAndAnyLabel() throws IOException {
        issue("a", "title: A\nstate: todo\nlabels: [agent]\n");
        issue("b", "title: B\nstate: In Progress\nlabels: [Agent, x]\n");
        issue("c", "title: C\nstate: Done\nlabels: [agent]\n");
        issue("d", "title: D\nstate: Todo\nlabels: [other]\n");
        issue("e", "title: E\nstate: Todo\n");

        assertThat(ids(tracker.fetchCandidates(query(List.of("agent"), List.of("Todo", "in progress")), null)))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(ids(tracker.fetchCandidates(query(List.of(), List.of("TODO")), null)))
                .containsExactlyInAnyOrder("a", "d", "e");
        assertThat(ids(tracker.fetchCandidates(query(List.of("x", "other"), List.of()), null)))
                .containsExactlyInAnyOrder("b", "d");
    }

    @Test
    void candidatesAreSortedByPriorityWithNoneLastThenByCreation() throws IOException {
        issue("none-old", "title: t\npriority: 0\ncreated: 2026-01-01T00:00:00Z\n");
        issue("low", "title: t\npriority: 4\ncreated: 2026-01-01T00:00:00Z\n");
        issue("urgent-new", "title: t\npriority: 1\ncreated: 2026-02-01T00:00:00Z\n");
        issue("urgent-old", "title: t\npriority: 1\ncreated: 2026-01-01T00:00:00Z\n");
        issue("high", "title: t\npriority: 2\ncreated: 2025-01-01T00:00:00Z\n");

        assertThat(ids(tracker.fetchCandidates(query(List.of(), List.of()), null)))
                .containsExactly("urgent-old", "urgent-new", "high", "low", "none-old");
    }

    @Test
    void candidatesComeInPagesOfFiftyWithAnOffsetCursor() throws IOException {
        for (int i = 0; i < 120; i++) {
            issue(String.format("I-%03d", i), "title: t\ncreated: " + Instant.parse("2026-01-01T00:00:00Z")
                    .plus(Duration.ofMinutes(i)) + "\n");
        }
        List<String> seen = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        String cursor = null;
        do {
            Page<TrackerIssue> page = tracker.fetchCandidates(query(List.of(), List.of("Todo")), cursor);
            seen.addAll(ids(page));
            cursor = page.nextCursor();
            cursors.add(cursor);
        } while (cursor != null);

        assertThat(cursors).containsExactly("50", "100", null);
        assertThat(seen).hasSize(120).doesNotHaveDuplicates().first().isEqualTo("I-000");
        assertThat(seen).last().isEqualTo("I-119");
    }

    @Test
    void laterPagesPageThroughTheListingOfTheFirstSoAFileAddedMeanwhileShiftsNothing() throws IOException {
        for (int i = 0; i < 60; i++) {
            issue(String.format("I-%03d", i), "title: t\ncreated: " + Instant.parse("2026-01-01T00:00:00Z")
                    .plus(Duration.ofMinutes(i)) + "\n");
        }
        Page<TrackerIssue> first = tracker.fetchCandidates(query(List.of(), List.of()), null);
        issue("URGENT", "title: sorts first\npriority: 1\n");
        Page<TrackerIssue> second = tracker.fetchCandidates(query(List.of(), List.of()), first.nextCursor());

        assertThat(ids(second)).as("the last ten of the first listing, none repeated")
                .containsExactly("I-050", "I-051", "I-052", "I-053", "I-054", "I-055", "I-056", "I-057", "I-058",
                        "I-059");
        assertThat(ids(tracker.fetchCandidates(query(List.of(), List.of()), null))).as("a new poll reads afresh")
                .startsWith("URGENT");
    }

    @Test
    void aMissingDirectoryHasNoCandidates() {
        LocalTracker missing = new LocalTracker(dir.resolve("nope"), clock);

        assertThat(missing.fetchCandidates(query(List.of(), List.of()), null).items()).isEmpty();
    }

    @Test
    void aBadCursorIsInvalid() {
        assertThatThrownBy(() -> tracker.fetchCandidates(query(List.of(), List.of()), "-1"))
                .isInstanceOf(TrackerException.Invalid.class);
        assertThatThrownBy(() -> tracker.fetchCandidates(query(List.of(), List.of()), "abc"))
                .isInstanceOf(TrackerException.Invalid.class);
    }

    @Test
    void aMalformedFileIsSkippedAsACandidateButUnknownWhenFetched() throws IOException {
        issue("good", "title: Good\n");
        issue("bad", "title: Bad\npriority: 9\n");

        assertThat(ids(tracker.fetchCandidates(query(List.of(), List.of()), null))).containsExactly("good");
        assertThat(unknown("bad")).isInstanceOf(TrackerException.Invalid.class)
                .hasMessage(dir.resolve("bad.md") + ":3: priority must be 0 (none) or 1 (urgent) … 4 (low), not '9'");
    }

    @Test
    void fetchSaysGoneForAMissingFileAndUnknownForAMissingDirectoryOrABadId() throws IOException {
        issue("here", "title: Here\n");

        Map<String, TrackerRead> reads = tracker.fetchIssues(List.of("here", "gone"));
        assertThat(reads.get("here")).isInstanceOf(TrackerRead.Found.class);
        assertThat(reads.get("gone")).isInstanceOf(TrackerRead.Gone.class);

        assertThat(unknown("../here")).isInstanceOf(TrackerException.Invalid.class);
        TrackerRead noDir = new LocalTracker(dir.resolve("unmounted"), clock).fetchIssues(List.of("here")).get("here");
        assertThat(noDir).isInstanceOfSatisfying(TrackerRead.Unknown.class,
                u -> assertThat(u.error()).isInstanceOf(TrackerException.Unavailable.class));
    }

    @Test
    void commentsAreAppendedWithATimestampHeading() throws IOException {
        issue("7", "title: t\n");

        tracker.comment("7", "Started.");
        clock.advance(Duration.ofMinutes(5));
        tracker.comment("7", "Done:\n- a PR");

        assertThat(Files.readString(dir.resolve(".comments/7.md"))).isEqualTo("""
                ### 2026-11-25T12:00:00Z

                Started.

                ### 2026-11-25T12:05:00Z

                Done:
                - a PR

                """);
    }

    @Test
    void writingToAMissingIssueIsInvalid() {
        String expected = "no issue 404 in " + dir.toAbsolutePath().normalize();
        assertThatThrownBy(() -> tracker.comment("404", "x")).isInstanceOf(TrackerException.Invalid.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> tracker.moveState("404", "Done")).isInstanceOf(TrackerException.Invalid.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> tracker.linkUrl("404", "https://x", "x"))
                .isInstanceOf(TrackerException.Invalid.class).hasMessage(expected);
        assertThatThrownBy(() -> tracker.createFollowUp("404", "x", "y"))
                .isInstanceOf(TrackerException.Invalid.class).hasMessage(expected);
        assertThat(dir.resolve(".comments")).doesNotExist();
    }

    @Test
    void moveStateRewritesOnlyTheStateLineKeepingBytesAndMtime() throws IOException {
        String original = "\uFEFF---\r\n# a comment\r\ntitle:   Keep  me\r\nstate: Todo\r\nlabels:\r\n  - agent\r\n"
                + "---\r\nBody with state: Todo in it\r\n";
        Path file = write("9", original);
        FileTime mtime = FileTime.from(Instant.parse("2026-02-02T02:02:02Z"));
        Files.setLastModifiedTime(file, mtime);

        tracker.moveState("9", "In Progress");

        assertThat(Files.readString(file)).isEqualTo(original.replace("state: Todo\r\nlabels", "state: In Progress"
                + "\r\nlabels"));
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(mtime);
        assertThat(found("9").state()).isEqualTo("In Progress");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void anIssueIsReadAgainWhenItsFileChangesEvenWithTheSameSizeAndMtime() throws IOException {
        Path file = issue("7", "title: Same size\nstate: Todo\n");
        FileTime mtime = FileTime.from(Instant.parse("2026-02-02T02:02:02Z"));
        Files.setLastModifiedTime(file, mtime);
        assertThat(found("7").state()).isEqualTo("Todo");
        assertThat(tracker.fetchCandidates(query(List.of(), List.of()), null).items()).extracting(TrackerIssue::state)
                .containsExactly("Todo");

        tracker.moveState("7", "Done"); // same length, mtime kept

        assertThat(found("7").state()).isEqualTo("Done");

        // Another program replacing the file (a new inode) with the same size and the old mtime is seen too.
        Path replacement = Files.writeString(dir.resolve(".7.tmp"), Files.readString(file).replace("Done", "Todo"));
        Files.setLastModifiedTime(replacement, mtime);
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        assertThat(tracker.fetchCandidates(query(List.of(), List.of()), null).items()).extracting(TrackerIssue::state)
                .containsExactly("Todo");
    }

    @Test
    void moveStateAddsAStateLineWhenThereIsNone() throws IOException {
        Path file = issue("3", "title: t\n");

        tracker.moveState("3", "Done");

        assertThat(Files.readString(file)).isEqualTo("---\ntitle: t\nstate: Done\n---\nBody of 3\n");
    }

    @Test
    void moveStateQuotesStatesYamlWouldMisread() throws IOException {
        Path file = issue("4", "title: t\nstate: Todo\n");

        tracker.moveState("4", "yes");
        assertThat(Files.readString(file)).contains("state: \"yes\"\n");
        assertThat(found("4").state()).isEqualTo("yes");

        tracker.moveState("4", "Review: #2");
        assertThat(found("4").state()).isEqualTo("Review: #2");
    }

    @Test
    void moveStateLeavesAMalformedFileAlone() throws IOException {
        String content = "---\ntitle: [unclosed\nstate: Todo\n---\n";
        Path file = write("5", content);

        assertThatThrownBy(() -> tracker.moveState("5", "Done")).isInstanceOf(TrackerException.Invalid.class)
                .hasMessageStartingWith(file + ":");
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void linksGoToASideFileOnceEach() throws IOException {
        Path file = issue("8", "title: t\n");
        String before = Files.readString(file);

        tracker.linkUrl("8", "https://github.com/o/r/pull/1", "PR [1]");
        tracker.linkUrl("8", "https://github.com/o/r/pull/1", "PR [1]");
        tracker.linkUrl("8", "https://example.com/log", null);

        assertThat(Files.readString(dir.resolve(".links/8.md"))).isEqualTo("""
                - [PR \\[1\\]](https://github.com/o/r/pull/1)
                - [https://example.com/log](https://example.com/log)
                """);
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void followUpsAreNewFilesNumberedAfterTheParent() throws IOException {
        issue("ENG-1", "title: Parent\nlabels: [agent]\n");

        TrackerIssue first = tracker.createFollowUp("ENG-1", "Clean \"up\": part 1", "More to do.\n");
        clock.advance(Duration.ofHours(1));
        TrackerIssue second = tracker.createFollowUp("ENG-1", "Part 2", null);

        assertThat(first).isEqualTo(new TrackerIssue("ENG-1-F1", "ENG-1-F1", "Clean \"up\": part 1", "More to do.",
                dir.resolve("ENG-1-F1.md").toUri().toString(), "Todo", List.of(), 0,
                Instant.parse("2026-11-25T12:00:00Z")));
        assertThat(Files.readString(dir.resolve("ENG-1-F1.md"))).isEqualTo("""
                ---
                title: "Clean \\"up\\": part 1"
                state: Todo
                parent: ENG-1
                created: 2026-11-25T12:00:00Z
                ---

                More to do.
                """);
        assertThat(second.id()).isEqualTo("ENG-1-F2");
        assertThat(second.description()).isEmpty();
        assertThat(second.createdAt()).isEqualTo(Instant.parse("2026-11-25T13:00:00Z"));
    }

    @Test
    void followUpNumbersAreNotReusedAfterADeletion() throws IOException {
        issue("P", "title: Parent\n");
        issue("P-F3", "title: Old follow-up\n");

        assertThat(tracker.createFollowUp("P", "Next", "").id()).isEqualTo("P-F4");
    }

    private static List<String> ids(Page<TrackerIssue> page) {
        return page.items().stream().map(TrackerIssue::id).toList();
    }
}
