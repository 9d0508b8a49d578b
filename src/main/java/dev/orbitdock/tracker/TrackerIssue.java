package dev.orbitdock.tracker;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An issue as a tracker reports it. {@code id} is the tracker's stable id (used in API calls), {@code identifier}
 * the human one ({@code ENG-42}, {@code #42}); {@code priority} is 0 (none) or 1 (urgent) … 4 (low), Linear-style.
 */
public record TrackerIssue(String id, String identifier, String title, String description, String url, String state,
                           List<String> labels, int priority, Instant createdAt) {
    public TrackerIssue {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(state, "state");
        description = description == null ? "" : description;
        labels = List.copyOf(labels);
    }
}
