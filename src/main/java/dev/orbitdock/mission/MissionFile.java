package dev.orbitdock.mission;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a MISSION.md: optional YAML front matter between a first line {@code ---} and the next line {@code ---},
 * then the body, a Liquid prompt template. Without front matter the whole file is the body and the config is
 * {@link MissionConfig#defaults()}.
 *
 * <p>{@link #parse} never throws for bad input: it returns {@link Invalid} with every problem it can find (YAML
 * syntax, unknown keys, wrong types and values, Liquid errors), each at its line and column in the whole file.
 */
public final class MissionFile {
    private MissionFile() {}

    /** What {@link #parse} found. */
    public sealed interface Result permits Parsed, Invalid {}

    /** A valid file: its config and the prompt template (the body, exactly as written). */
    public record Parsed(MissionConfig config, String promptTemplate) implements Result {
        public Parsed {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(promptTemplate, "promptTemplate");
        }

        /** The body compiled; it has been checked already, so this does not throw. */
        public PromptTemplate prompt() {
            return PromptTemplate.compile(promptTemplate);
        }
    }

    /** An invalid file: at least one problem, in file order. */
    public record Invalid(List<MissionProblem> problems) implements Result {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid mission file has at least one problem");
            }
        }
    }

    public static Result parse(String text) {
        String content = text == null ? "" : text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<MissionProblem> problems = new ArrayList<>();
        try {
            Split split = split(content, problems);
            if (split == null) {
                return new Invalid(problems);
            }
            MissionConfig config = MissionConfig.defaults();
            if (split.frontMatter() != null) {
                Optional<MissionConfigYaml.Node> root = MissionConfigYaml.parse(split.frontMatter(), 2, problems);
                if (root.isPresent()) {
                    config = MissionConfigReader.read(root.get(), MissionConfigReader.Mode.FILE, problems);
                }
            }
            problems.addAll(PromptTemplate.problems(split.body(), split.bodyLine()));
            if (problems.isEmpty()) {
                return new Parsed(config, split.body());
            }
        } catch (RuntimeException e) {
            // A bug of ours, not of the file; still an answer rather than an exception.
            problems.add(new MissionProblem(1, 1, "cannot read the mission file (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ") : "")
                    + ")"));
        }
        problems.sort(MissionProblem.IN_FILE_ORDER);
        return new Invalid(problems);
    }

    /** The front matter (null when there is none), the body and the file line the body starts on. */
    private record Split(String frontMatter, String body, int bodyLine) {}

    private static Split split(String text, List<MissionProblem> problems) {
        int firstEnd = lineEnd(text, 0);
        if (!isFence(text, 0, firstEnd)) {
            return new Split(null, text, 1);
        }
        int frontStart = next(text, firstEnd);
        for (int start = frontStart, line = 2; start < text.length(); line++) {
            int end = lineEnd(text, start);
            if (isFence(text, start, end)) {
                return new Split(text.substring(frontStart, start), text.substring(next(text, end)), line + 1);
            }
            start = end + 1;
        }
        problems.add(new MissionProblem(1, 1,
                "the front matter that starts on line 1 is not closed: add a line '---' after it"));
        return null;
    }

    /** The index of the line's terminator ({@code \n}), or the text length for the last line. */
    private static int lineEnd(String text, int start) {
        int newline = text.indexOf('\n', start);
        return newline < 0 ? text.length() : newline;
    }

    private static int next(String text, int lineEnd) {
        return Math.min(lineEnd + 1, text.length());
    }

    private static boolean isFence(String text, int start, int end) {
        return text.substring(start, end).stripTrailing().equals("---");
    }
}
