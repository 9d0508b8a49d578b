package dev.orbitdock.mission;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A mission as the CLI's {@code --json} and the REST API show it, with its issues counted by state. */
public record MissionSummary(String id, String name, String repo, String tracker, boolean paused, String parseError,
                             Instant lastPolledAt, String lastPollError, Map<String, Long> issues) {

    public static MissionSummary of(MissionRecord m, List<MissionIssue> issues) {
        return new MissionSummary(m.id(), m.name(), m.repoPath().toString(), m.tracker(), m.paused(), m.parseError(),
                m.lastPolledAt(), m.lastPollError(), issues.stream().collect(
                        Collectors.groupingBy(i -> i.state().wire(), TreeMap::new, Collectors.counting())));
    }
}
