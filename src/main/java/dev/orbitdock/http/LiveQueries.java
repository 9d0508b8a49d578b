package dev.orbitdock.http;

import dev.orbitdock.mission.IssueSummary;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.MissionQueries;
import dev.orbitdock.mission.MissionSummary;
import java.util.List;
import java.util.Optional;

/** The reads behind {@code /ws} snapshots and deltas, in the shapes the REST API returns. */
final class LiveQueries {
    /** Rows per snapshot message: keeps each WebSocket frame small while a long transcript streams. */
    static final int ROWS_PER_MESSAGE = SessionRoutes.MAX_ROW_LIMIT;

    /** A board: the mission and its issues. */
    record Board(MissionSummary mission, List<IssueSummary> issues) {}

    private final MissionQueries missions;
    private final SessionQueries sessions;

    LiveQueries(MissionQueries missions, SessionQueries sessions) {
        this.missions = missions;
        this.sessions = sessions;
    }

    List<MissionSummary> missions() {
        return missions.missions().stream().map(m -> MissionSummary.of(m, missions.issues(m.id()))).toList();
    }

    Optional<MissionSummary> mission(String id) {
        return missions.mission(id).map(m -> MissionSummary.of(m, missions.issues(m.id())));
    }

    Optional<Board> board(String missionId) {
        return missions.mission(missionId).map(m -> {
            List<MissionIssue> issues = missions.issues(m.id());
            return new Board(MissionSummary.of(m, issues), issues.stream().map(IssueSummary::of).toList());
        });
    }

    Optional<MissionIssue> issue(String id) {
        return missions.issue(id);
    }

    Optional<SessionDetail> session(String id) {
        return sessions.find(id);
    }

    /** The next page of rows after {@code after}; empty if there is no such session. */
    Optional<List<ConversationRow>> rows(String sessionId, long after) {
        return sessions.rows(sessionId, after, ROWS_PER_MESSAGE);
    }
}
