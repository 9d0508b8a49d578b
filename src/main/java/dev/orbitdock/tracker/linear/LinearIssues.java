package dev.orbitdock.tracker.linear;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Turns Linear's {@code Issue} and {@code Comment} nodes into a {@link TrackerIssue} and {@link TrackerComment}. */
final class LinearIssues {
    private LinearIssues() {}

    /** A {@code Comment} node (see {@code LinearQueries}' CommentFields). */
    static TrackerComment toComment(JsonNode node) {
        String id = node.path("id").asText(null);
        String created = node.path("createdAt").asText(null);
        if (id == null || created == null) {
            throw new TrackerException.Unavailable("Linear sent a comment without id or createdAt: " + node, null);
        }
        try {
            return new TrackerComment(id, node.path("body").asText(""), node.path("user").path("name").asText(null),
                    Instant.parse(created));
        } catch (DateTimeParseException e) {
            throw new TrackerException.Unavailable("Linear sent comment " + id + " with createdAt '" + created + "'",
                    e);
        }
    }

    static TrackerIssue toIssue(JsonNode node) {
        String id = node.path("id").asText(null);
        String identifier = node.path("identifier").asText(null);
        String title = node.path("title").asText(null);
        String state = node.path("state").path("name").asText(null);
        String created = node.path("createdAt").asText(null);
        if (id == null || identifier == null || title == null || state == null || created == null) {
            throw new TrackerException.Unavailable("Linear sent an issue without id, identifier, title, state or "
                    + "createdAt: " + node, null);
        }
        List<String> labels = new ArrayList<>();
        node.path("labels").path("nodes").forEach(label -> labels.add(label.path("name").asText()));
        try {
            // Linear's priority is a Float: 0 none, 1 urgent, 2 high, 3 medium, 4 low, the scale TrackerIssue uses.
            return new TrackerIssue(id, identifier, title, node.path("description").asText(""),
                    node.path("url").asText(null), state, labels, (int) node.path("priority").asDouble(0),
                    Instant.parse(created));
        } catch (DateTimeParseException e) {
            throw new TrackerException.Unavailable("Linear sent issue " + identifier + " with createdAt '" + created
                    + "'", e);
        }
    }
}
