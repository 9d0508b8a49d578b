package dev.orbitdock.mission;

import dev.orbitdock.workspace.WorkspaceKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The agents running under one orchestrator, by mission issue id. */
final class ActiveRuns {
    private final Map<String, AgentRun> byIssue = new ConcurrentHashMap<>();

    void add(AgentRun run) {
        byIssue.put(run.issue().id(), run);
    }

    /** Removes this run only: a late exit of an old run must not drop a newer run of the same issue. */
    void remove(AgentRun run) {
        byIssue.remove(run.issue().id(), run);
    }

    AgentRun get(String issueId) {
        return byIssue.get(issueId);
    }

    List<AgentRun> ofMission(String missionId) {
        return byIssue.values().stream().filter(run -> run.issue().missionId().equals(missionId)).toList();
    }

    int count() {
        return byIssue.size();
    }

    /**
     * Shutdown: kills every local agent whose end nobody has claimed yet. Remote agents keep running on their
     * machines, to be re-adopted by the next start while their heartbeat lives; their ends are claimed here so a
     * late exit seen by this instance decides nothing.
     */
    void killAll() {
        byIssue.values().forEach(run -> {
            if (run.claimEnd() && run.workspace().kind() == WorkspaceKind.LOCAL) {
                run.handle().kill();
            }
        });
    }
}
