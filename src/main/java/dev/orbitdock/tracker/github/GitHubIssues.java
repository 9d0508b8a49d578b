package dev.orbitdock.tracker.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns GitHub's issue and comment JSON into a {@link TrackerIssue} and {@link TrackerComment}. */
final class GitHubIssues {
    private GitHubIssues() {}

    /** {@code priority:1} … {@code priority:4} or {@code P1} … {@code P4}, as teams commonly label urgency. */
    private static final Pattern PRIORITY = Pattern.compile("(?i)(?:priority:\\s*|p)([1-4])");

    static boolean isPullRequest(JsonNode item) {
        return item.has("pull_request");
    }

    static List<String> labels(JsonNode item) {
        List<String> labels = new ArrayList<>();
        for (JsonNode label : item.path("labels")) {
            // The REST schema allows a label to be a bare string as well as an object.
            labels.add(label.isTextual() ? label.asText() : label.path("name").asText());
        }
        return labels;
    }

    static int priority(List<String> labels) {
        int best = 0;
        for (String label : labels) {
            Matcher m = PRIORITY.matcher(label.strip());
            if (m.matches()) {
                int p = Integer.parseInt(m.group(1));
                best = best == 0 ? p : Math.min(best, p);
            }
        }
        return best;
    }

    static int number(JsonNode item) {
        JsonNode number = item.path("number");
        if (!number.canConvertToInt() || !number.isIntegralNumber()) {
            throw unexpected("an issue without a number");
        }
        return number.asInt();
    }

    /** @param state the state to report: open/closed, or the project Status when there is one */
    static TrackerIssue toIssue(JsonNode item, String state) {
        int number = number(item);
        String title = item.path("title").asText(null);
        String created = item.path("created_at").asText(null);
        if (title == null || created == null) {
            throw unexpected("issue #" + number + " without a title or created_at");
        }
        List<String> labels = labels(item);
        try {
            return new TrackerIssue(String.valueOf(number), "#" + number, title, item.path("body").asText(""),
                    item.path("html_url").asText(null), state, labels, priority(labels), Instant.parse(created));
        } catch (DateTimeParseException e) {
            throw unexpected("issue #" + number + " with created_at '" + created + "'");
        }
    }

    /** A comment as the issue comments endpoints return it ({@code id}, {@code body}, {@code user.login}, …). */
    static TrackerComment toComment(JsonNode item) {
        JsonNode id = item.path("id");
        String created = item.path("created_at").asText(null);
        if (!id.isIntegralNumber() || created == null) {
            throw unexpected("a comment without an id or created_at");
        }
        try {
            return new TrackerComment(id.asText(), item.path("body").asText(""),
                    item.path("user").path("login").asText(null), Instant.parse(created));
        } catch (DateTimeParseException e) {
            throw unexpected("comment " + id.asText() + " with created_at '" + created + "'");
        }
    }

    static String restState(JsonNode item) {
        return item.path("state").asText("open");
    }

    private static TrackerException.Unavailable unexpected(String what) {
        return new TrackerException.Unavailable("GitHub sent " + what, null);
    }
}
