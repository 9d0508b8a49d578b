package dev.orbitdock.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.tracker.CandidateQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/** moveState changes the state line and not one other byte, whatever surrounds it. */
class MoveStateProperties {
    private Path dir;

    @BeforeTry
    void createDir() throws IOException {
        dir = Files.createTempDirectory("move-state");
    }

    @AfterTry
    void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 200)
    void onlyTheStateLineChanges(@ForAll("lineEnds") String nl, @ForAll("states") String state,
                                 @ForAll @StringLength(max = 200) String body) throws IOException {
        String before = "---" + nl + "title: A title" + nl + "labels: [agent]" + nl;
        String after = nl + "priority: 2" + nl + "---" + nl + body;
        Path file = dir.resolve("X-1.md");
        Files.writeString(file, before + "state: Todo" + after);
        LocalTracker tracker = new LocalTracker(dir, MutableClock.at("2026-01-01T00:00:00Z"));

        tracker.moveState("X-1", state);

        assertThat(Files.readString(file)).isEqualTo(before + "state: " + YamlText.scalar(state) + after);
        assertThat(tracker.fetchCandidates(new CandidateQuery(List.of(), List.of(state), null, null), null).items())
                .singleElement()
                .satisfies(issue -> assertThat(issue.state()).isEqualTo(state));
    }

    @Provide
    Arbitrary<String> lineEnds() {
        return Arbitraries.of("\n", "\r\n");
    }

    @Provide
    Arbitrary<String> states() {
        return Arbitraries.oneOf(
                Arbitraries.of("Todo", "In Progress", "Done", "yes", "null", "3", "Review: 2", "#hash", "- dash"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(20)
                        .filter(s -> !s.isBlank() && !s.contains("\n") && s.chars().noneMatch(c -> Character.isSurrogate((char) c))));
    }
}
