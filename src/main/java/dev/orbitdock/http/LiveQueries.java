package dev.orbitdock.http;

import dev.orbitdock.mission.IssueSummary;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.MissionQueries;
import dev.orbitdock.mission.MissionSummary;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.mission.ProvisioningProgress;
import dev.orbitdock.workspace.WorkspaceRegistry;
import dev.orbitdock.workspace.WorkspaceView;
import java.util.List;
import java.util.Optional;

/** The reads behind {@code /ws} snapshots and deltas, in the shapes the REST API returns. */
final class LiveQueries {
    /** Rows per snapshot message: keeps each WebSocket frame small while a long transcript streams. */
    static final int ROWS_PER_MESSAGE = SessionRoutes.MAX_ROW_LIMIT;

    /** A board: the mission, its issues, and the steps so far of each issue being provisioned. */
    record Board(MissionSummary mission, List<IssueSummary> issues, List<Provisioning> provisioning) {}

    /** The provisioning steps recorded in an issue's workspace (remote workspaces record them as they happen). */
    record Provisioning(String issueId, String workspaceId, List<ProvisioningProgress> steps) {}

    private final MissionQueries missions;
    private final SessionQueries sessions;
    private final WorkspaceRegistry workspaces;

    LiveQueries(MissionQueries missions, SessionQueries sessions, WorkspaceRegistry workspaces) {
        this.missions = missions;
        this.sessions = sessions;
        this.workspaces = workspaces;
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
            List<Provisioning> provisioning = issues.stream()
                    .filter(i -> i.state() == OrchestrationState.PROVISIONING && i.workspaceId() != null)
                    .map(i -> provisioning(i.id(), i.workspaceId())).toList();
            return new Board(MissionSummary.of(m, issues), issues.stream().map(IssueSummary::of).toList(),
                    provisioning);
        });
    }

    Provisioning provisioning(String issueId, String workspaceId) {
        return new Provisioning(issueId, workspaceId, missions.provisioning(workspaceId));
    }

    /** Newest first, destroyed ones included (the dashboard shows them greyed). */
    List<WorkspaceView> workspaces() {
        return workspaces.list(true);
    }

    Optional<WorkspaceView> workspace(String id) {
        return workspaces.find(id);
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
