package dev.orbitdock.tracker;

import java.time.Instant;
import java.util.Objects;

/**
 * A comment on a tracker issue. {@code id} is the tracker's own (a GitHub comment id, a Linear UUID, the number of
 * a local comment); {@code author} is null where the tracker has none (local files).
 */
public record TrackerComment(String id, String body, String author, Instant createdAt) {
    public TrackerComment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
