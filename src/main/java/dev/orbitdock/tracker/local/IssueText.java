package dev.orbitdock.tracker.local;

import dev.orbitdock.tracker.TrackerException;
import java.util.OptionalInt;

/**
 * An issue file's text split at its front matter fences, by character offsets into the unchanged text so that an
 * edit can replace one line and leave every other byte as it was.
 */
record IssueText(String fileName, String text, int yamlStart, int yamlEnd, int bodyStart) {

    static IssueText split(String fileName, String text) {
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int end = lineEnd(text, start);
        if (!content(text, start, end).strip().equals("---")) {
            throw invalid(fileName, 1, "an issue file must start with a '---' line (YAML front matter)");
        }
        int yamlStart = Math.min(end + 1, text.length());
        for (int pos = yamlStart; pos < text.length(); ) {
            int lineEnd = lineEnd(text, pos);
            String line = content(text, pos, lineEnd);
            if (line.equals("---") || line.equals("...")) {
                return new IssueText(fileName, text, yamlStart, pos, Math.min(lineEnd + 1, text.length()));
            }
            pos = lineEnd + 1;
        }
        throw invalid(fileName, 1, "the front matter is not closed by a '---' line");
    }

    String yaml() {
        return text.substring(yamlStart, yamlEnd);
    }

    /** The description: the body without the blank lines that separate it from the front matter. */
    String body() {
        return text.substring(bodyStart).replaceFirst("^(\\s*\\R)+", "").stripTrailing();
    }

    /** The 1-based file line of a top-level {@code key:} in the front matter, if present. */
    OptionalInt lineOf(String key) {
        int line = 2;
        for (int pos = yamlStart; pos < yamlEnd; line++) {
            int lineEnd = lineEnd(text, pos);
            if (isKeyLine(content(text, pos, lineEnd), key)) {
                return OptionalInt.of(line);
            }
            pos = lineEnd + 1;
        }
        return OptionalInt.empty();
    }

    /** The text with the top-level {@code key:} line replaced (or added before the closing fence). */
    String withLine(String key, String newLine) {
        for (int pos = yamlStart; pos < yamlEnd; ) {
            int lineEnd = lineEnd(text, pos);
            String line = content(text, pos, lineEnd);
            if (isKeyLine(line, key)) {
                return text.substring(0, pos) + newLine + text.substring(pos + line.length());
            }
            pos = lineEnd + 1;
        }
        String separator = text.indexOf("\r\n") >= 0 ? "\r\n" : "\n";
        return text.substring(0, yamlEnd) + newLine + separator + text.substring(yamlEnd);
    }

    /** File line number (1-based) of a front matter line number (1-based, as a YAML parser reports it). */
    static int fileLine(int yamlLine) {
        return yamlLine + 1;
    }

    static TrackerException.Invalid invalid(String fileName, int line, String problem) {
        return new TrackerException.Invalid(fileName + ":" + line + ": " + problem);
    }

    private static boolean isKeyLine(String line, String key) {
        return line.startsWith(key) && line.substring(key.length()).stripLeading().startsWith(":");
    }

    private static int lineEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        return newline < 0 ? text.length() : newline;
    }

    /** The line without its terminator ({@code \r\n} or {@code \n}). */
    private static String content(String text, int from, int lineEnd) {
        int end = lineEnd > from && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
        return text.substring(from, end);
    }
}
