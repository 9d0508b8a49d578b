package dev.orbitdock.mission;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a MISSION.md file. {@code line} and {@code column} are 1-based positions in the whole file
 * (front matter and body alike); the message is one line, without a stack trace.
 */
public record MissionProblem(int line, int column, String message) {
    /** File order: by line, then column. */
    public static final Comparator<MissionProblem> IN_FILE_ORDER =
            Comparator.comparingInt(MissionProblem::line).thenComparingInt(MissionProblem::column);

    public MissionProblem {
        Objects.requireNonNull(message, "message");
    }

    /** {@code MISSION.md:7:3: unknown key 'max_retry' in orchestration (valid: …)}. */
    @Override
    public String toString() {
        return format("MISSION.md");
    }

    /** Like {@link #toString()} with another file name, e.g. the path the user gave. */
    public String format(String fileName) {
        return fileName + ":" + line + ":" + column + ": " + message;
    }
}
