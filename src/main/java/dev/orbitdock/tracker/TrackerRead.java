package dev.orbitdock.tracker;

/**
 * The result of reading one issue. {@link Unknown} means "could not tell" (network, rate limit, 5xx): callers
 * must never release a claim or complete an issue on it.
 */
public sealed interface TrackerRead {
    record Found(TrackerIssue issue) implements TrackerRead {}

    /** The tracker answered that the issue does not exist (deleted, or not visible to these credentials). */
    record Gone() implements TrackerRead {}

    record Unknown(TrackerException error) implements TrackerRead {}
}
