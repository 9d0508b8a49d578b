package dev.orbitdock.mission;

/**
 * Ends re-adopted remote runs once their session's end has replicated here: for them the session row is the only
 * news of the agent there is.
 */
final class RemoteSessionWatch {
    private final MissionQueries queries;
    private final ActiveRuns runs;

    RemoteSessionWatch(MissionQueries queries, ActiveRuns runs) {
        this.queries = queries;
        this.runs = runs;
    }

    void check(String missionId) {
        for (AgentRun run : runs.ofMission(missionId)) {
            if (run.handle() instanceof AdoptedInstance adopted) {
                queries.sessionEnd(run.issue().sessionId()).ifPresent(adopted::sessionEnded);
            }
        }
    }
}
