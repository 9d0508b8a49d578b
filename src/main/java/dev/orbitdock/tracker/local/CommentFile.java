package dev.orbitdock.tracker.local;

import dev.orbitdock.tracker.TrackerComment;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comments of one local issue, {@code .comments/<ID>.md}: each is a {@code ### <posted>} heading (with
 * {@code · edited <when>} once edited), a blank line, the body and a blank line. A comment's id is its position
 * (1, 2, …): comments are appended and edited in place, never removed, so positions do not move. A body line that
 * would read as a heading is written with one more leading backslash, and read back without it.
 */
final class CommentFile {
    private CommentFile() {}

    private static final String EDITED = " · edited ";
    /** A heading line, behind any number of backslashes (group 1); only \n ends a line. */
    private static final Pattern HEADING = Pattern.compile("(?md)^(\\\\*)### (\\S+)(?:" + EDITED + "(\\S+))?$");

    /** One comment as the file holds it. */
    record Entry(Instant posted, Instant edited, String body) {
        TrackerComment toComment(int position) {
            return new TrackerComment(String.valueOf(position), body, null, posted);
        }
    }

    static String format(Entry entry) {
        return "### " + entry.posted() + (entry.edited() == null ? "" : EDITED + entry.edited()) + "\n\n"
                + HEADING.matcher(entry.body()).replaceAll(m -> Matcher.quoteReplacement(
                        isHeading(m) ? "\\" + m.group() : m.group())) + "\n\n";
    }

    static String format(List<Entry> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(entry -> text.append(format(entry)));
        return text.toString();
    }

    /** The file's comments in order; text before the first heading (a hand edit) is not a comment. */
    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        Matcher heading = HEADING.matcher(text);
        Instant posted = null;
        Instant edited = null;
        int bodyStart = -1;
        while (heading.find()) {
            if (!heading.group(1).isEmpty() || !isHeading(heading)) {
                continue; // an escaped one, or a Markdown heading of the body such as "### Plan"
            }
            if (bodyStart >= 0) {
                entries.add(new Entry(posted, edited, body(text.substring(bodyStart, heading.start()))));
            }
            posted = Instant.parse(heading.group(2));
            edited = heading.group(3) == null ? null : Instant.parse(heading.group(3));
            bodyStart = Math.min(text.length(), heading.end() + 1);
        }
        if (bodyStart >= 0) {
            entries.add(new Entry(posted, edited, body(text.substring(bodyStart))));
        }
        return entries;
    }

    /** What follows a heading: a blank line, the body, a blank line (hand edits may have lost either). */
    private static String body(String between) {
        String body = between.startsWith("\n") ? between.substring(1) : between;
        body = body.endsWith("\n\n") ? body.substring(0, body.length() - 2) : body.replaceAll("\n+$", "");
        return HEADING.matcher(body).replaceAll(m -> Matcher.quoteReplacement(
                !m.group(1).isEmpty() && isHeading(m) ? m.group().substring(1) : m.group()));
    }

    /** The line names real instants: what OrbitDock writes, not a heading a person wrote. */
    private static boolean isHeading(MatchResult line) {
        return isInstant(line.group(2)) && (line.group(3) == null || isInstant(line.group(3)));
    }

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
