package dev.orbitdock.tracker;

import java.util.List;

/**
 * Which issues are candidates: any of {@code labels} (empty = no label filter), in one of {@code states} (the
 * tracker's state names), optionally within a project/team (tracker-specific; null = any).
 */
public record CandidateQuery(List<String> labels, List<String> states, String project, String team) {
    public CandidateQuery {
        labels = List.copyOf(labels);
        states = List.copyOf(states);
    }
}
