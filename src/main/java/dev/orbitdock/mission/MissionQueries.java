package dev.orbitdock.mission;

import dev.orbitdock.store.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads of missions and their issues. */
public final class MissionQueries {
    private static final String ISSUE_COLUMNS = "id, mission_id, tracker_issue_id, identifier, title, url, state,"
            + " attempt, workspace_id, session_id, retry_due_at, last_error, pr_url, priority, tracker_created_at,"
            + " created_at, updated_at";
    private static final String MISSION_COLUMNS = "id, name, repo_path, tracker, config_json, parse_error, paused,"
            + " last_polled_at, last_poll_error, trigger_requested_at, created_at, updated_at";

    private final Database database;

    public MissionQueries(Database database) {
        this.database = database;
    }

    public List<MissionRecord> missions() {
        return missionsWhere("1 = 1");
    }

    /** By id, or else by name; read by key, since the orchestrator asks on every tick and agent exit. */
    public Optional<MissionRecord> mission(String idOrName) {
        return missionsWhere("id = ? OR name = ?", idOrName, idOrName).stream().findFirst();
    }

    public Optional<MissionRecord> missionByRepo(Path repo) {
        return missionsWhere("repo_path = ?", repo.toString()).stream().findFirst();
    }

    private List<MissionRecord> missionsWhere(String where, String... values) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + MISSION_COLUMNS + " FROM missions WHERE " + where
                    + " ORDER BY created_at, id")) {
                for (int i = 0; i < values.length; i++) {
                    s.setString(i + 1, values[i]);
                }
                try (ResultSet rs = s.executeQuery()) {
                    List<MissionRecord> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(mission(rs));
                    }
                    return out;
                }
            }
        });
    }

    public List<MissionIssue> issues(String missionId) {
        return issuesWhere("mission_id = ?", missionId);
    }

    /**
     * The mission's issues in one of {@code states}: the orchestrator's passes look at the few unsettled issues,
     * not at a history that grows with every issue ever done.
     */
    public List<MissionIssue> issues(String missionId, Set<OrchestrationState> states) {
        List<String> values = new ArrayList<>();
        values.add(missionId);
        states.forEach(state -> values.add(state.wire()));
        return issuesWhere("mission_id = ? AND state IN (" + String.join(", ", Collections.nCopies(states.size(), "?"))
                + ")", values.toArray(String[]::new));
    }

    /**
     * A queued issue as much as a dispatch pass needs to order it: every pass after an agent's exit reads all the
     * queued issues to fill one slot, so not their whole rows.
     */
    record Queued(String id, int attempt, int priority, Instant since) {
        /** Priority 1 (urgent) … 4, then 0 (none); older issues first within a priority. */
        static final Comparator<Queued> DISPATCH_ORDER = Comparator
                .comparingInt((Queued q) -> q.priority() == 0 ? Integer.MAX_VALUE : q.priority())
                .thenComparing(Queued::since)
                .thenComparing(Queued::id);
    }

    /** The mission's queued issues in dispatch order. */
    List<Queued> queued(String missionId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, attempt, priority, coalesce(tracker_created_at,"
                    + " created_at) FROM mission_issues WHERE mission_id = ? AND state = ?")) {
                s.setString(1, missionId);
                s.setString(2, OrchestrationState.QUEUED.wire());
                try (ResultSet rs = s.executeQuery()) {
                    List<Queued> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Queued(rs.getString(1), rs.getInt(2), rs.getInt(3), instant(rs.getString(4))));
                    }
                    out.sort(Queued.DISPATCH_ORDER);
                    return out;
                }
            }
        });
    }

    /** Ids of the mission's issues that hold a slot: claimed, provisioning or running. */
    Set<String> activeIssueIds(String missionId) {
        List<String> active = Arrays.stream(OrchestrationState.values()).filter(OrchestrationState::isActive)
                .map(OrchestrationState::wire).toList();
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM mission_issues WHERE mission_id = ?"
                    + " AND state IN (" + String.join(", ", Collections.nCopies(active.size(), "?")) + ")")) {
                s.setString(1, missionId);
                for (int i = 0; i < active.size(); i++) {
                    s.setString(i + 2, active.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    Set<String> out = new HashSet<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        });
    }

    /**
     * The mission's issues in flight whose own workspace row was destroyed meanwhile (by the API, or by another
     * process such as {@code orbitdock workspace destroy}): one read per tick, on the few issues in flight.
     */
    List<MissionIssue> inFlightOnDestroyedWorkspace(String missionId) {
        return issuesWhere("mission_id = ? AND state IN (?, ?, ?) AND EXISTS (SELECT 1 FROM workspaces w"
                + " WHERE w.id = mission_issues.workspace_id AND w.destroyed_at IS NOT NULL)", missionId,
                OrchestrationState.CLAIMED.wire(), OrchestrationState.PROVISIONING.wire(),
                OrchestrationState.RUNNING.wire());
    }

    /** Whether the issue is still in flight on this workspace and the workspace's row is not destroyed. */
    boolean inFlightOn(String issueId, String workspaceId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM mission_issues i JOIN workspaces w"
                    + " ON w.id = i.workspace_id WHERE i.id = ? AND i.workspace_id = ? AND i.state IN (?, ?, ?)"
                    + " AND w.destroyed_at IS NULL")) {
                s.setString(1, issueId);
                s.setString(2, workspaceId);
                s.setString(3, OrchestrationState.CLAIMED.wire());
                s.setString(4, OrchestrationState.PROVISIONING.wire());
                s.setString(5, OrchestrationState.RUNNING.wire());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** An issue's id and title as the tracker last named it: what a poll compares candidates against. */
    record KnownIssue(String id, String title) {}

    /**
     * The mission's issues among {@code trackerIssueIds} (one page of candidates), by tracker issue id: a poll looks
     * up what it was shown, not the mission's whole history.
     */
    Map<String, KnownIssue> knownIssues(String missionId, List<String> trackerIssueIds) {
        if (trackerIssueIds.isEmpty()) {
            return Map.of();
        }
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT tracker_issue_id, id, title FROM mission_issues"
                    + " WHERE mission_id = ? AND tracker_issue_id IN ("
                    + String.join(", ", Collections.nCopies(trackerIssueIds.size(), "?")) + ")")) {
                s.setString(1, missionId);
                for (int i = 0; i < trackerIssueIds.size(); i++) {
                    s.setString(i + 2, trackerIssueIds.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    Map<String, KnownIssue> known = new HashMap<>();
                    while (rs.next()) {
                        known.put(rs.getString(1), new KnownIssue(rs.getString(2), rs.getString(3)));
                    }
                    return known;
                }
            }
        });
    }

    public Optional<MissionIssue> issue(String id) {
        return issuesWhere("id = ?", id).stream().findFirst();
    }

    /** Only the issue's state: what a transition checks. */
    Optional<OrchestrationState> state(String issueId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT state FROM mission_issues WHERE id = ?")) {
                s.setString(1, issueId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? OrchestrationState.fromWire(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Issues of every mission in the given state (e.g. everything still {@code running} after a restart). */
    public List<MissionIssue> issuesInState(OrchestrationState state) {
        return issuesWhere("state = ?", state.wire());
    }

    /** When the agent of a session last made progress (or started); null when there is no such session. */
    public Instant lastProgress(String sessionId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT coalesce(last_progress_at, started_at) FROM sessions WHERE id = ?")) {
                s.setString(1, sessionId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? instant(rs.getString(1)) : null;
                }
            }
        });
    }

    /**
     * How the session ended, as its end row says ({@code end_reason}); empty while it has not ended. For a remote
     * workspace this row arrives by sync, so it is what the workspace itself recorded.
     */
    Optional<String> sessionEnd(String sessionId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT coalesce(end_reason, '') FROM sessions WHERE id = ? AND ended_at IS NOT NULL")) {
                s.setString(1, sessionId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** The provisioning steps recorded for a workspace; empty for a local one or an unknown id. */
    public List<ProvisioningProgress> provisioning(String workspaceId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT connection_info FROM workspaces WHERE id = ?")) {
                s.setString(1, workspaceId);
                try (ResultSet rs = s.executeQuery()) {
                    String info = rs.next() ? rs.getString(1) : null;
                    return info == null ? List.<ProvisioningProgress>of() : ProvisioningProgress.of(readJson(info));
                }
            }
        });
    }

    /**
     * Whether the workspace's managed instance has reached the control plane: the sync receiver recorded a request
     * from it (a batch or a heartbeat). Before its agent runs, nothing else writes the heartbeat.
     */
    boolean synced(String workspaceId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT last_heartbeat_at IS NOT NULL"
                    + " OR sync_acked_through > 0 FROM workspaces WHERE id = ?")) {
                s.setString(1, workspaceId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    Optional<WorkspaceRecord> workspace(String id) {
        return workspacesWhere("id = ?", id).stream().findFirst();
    }

    /** Workspaces kept after their run (retention: keep_duration) that are not destroyed yet. */
    List<WorkspaceRecord> retainedWorkspaces() {
        return workspacesWhere("status = ? AND json_extract(connection_info, '$.retain_until') IS NOT NULL", "ready");
    }

    /** Remote workspaces of mission issues that their provider may still hold: creating, ready or running. */
    List<WorkspaceRecord> liveRemoteWorkspaces() {
        return workspacesWhere("provider <> ? AND mission_issue_id IS NOT NULL"
                + " AND status IN ('creating', 'ready', 'running')", "local");
    }

    /**
     * The latest earlier run of this issue whose local worktree was kept after it ended (retention
     * {@code keep_duration}, not swept yet), with the agent that ran there and its own session id (null when it
     * recorded none).
     */
    Optional<KeptRun> keptRun(String missionIssueId, String currentWorkspaceId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + WORKSPACE_COLUMNS + ", s.provider AS agent,"
                    + " s.external_session_id FROM workspaces w LEFT JOIN sessions s ON s.id = w.session_id"
                    + " WHERE w.mission_issue_id = ? AND w.id <> ? AND w.provider = 'local' AND w.status = 'ready'"
                    + " AND json_extract(w.connection_info, '$.retain_until') IS NOT NULL"
                    + " ORDER BY w.created_at DESC, w.rowid DESC LIMIT 1")) {
                s.setString(1, missionIssueId);
                s.setString(2, currentWorkspaceId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new KeptRun(workspaceRecord(rs), rs.getString("agent"),
                            rs.getString("external_session_id"))) : Optional.<KeptRun>empty();
                }
            }
        });
    }

    private static final String WORKSPACE_COLUMNS = "w.id, w.provider, w.branch, w.status, w.external_id,"
            + " coalesce(w.last_heartbeat_at, w.ready_at) AS alive_at, w.connection_info";

    private List<WorkspaceRecord> workspacesWhere(String where, String value) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces w WHERE "
                    + where)) {
                s.setString(1, value);
                try (ResultSet rs = s.executeQuery()) {
                    List<WorkspaceRecord> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(workspaceRecord(rs));
                    }
                    return out;
                }
            }
        });
    }

    private static WorkspaceRecord workspaceRecord(ResultSet rs) throws java.sql.SQLException {
        String info = rs.getString("connection_info");
        return WorkspaceRecord.of(rs.getString("id"), rs.getString("provider"), rs.getString("branch"),
                rs.getString("status"), rs.getString("external_id"), instant(rs.getString("alive_at")),
                info == null ? null : readJson(info));
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String json) {
        try {
            return dev.orbitdock.common.Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("workspace connection_info is not JSON", e);
        }
    }

    private List<MissionIssue> issuesWhere(String where, String... values) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + ISSUE_COLUMNS + " FROM mission_issues WHERE "
                    + where + " ORDER BY created_at, id")) {
                for (int i = 0; i < values.length; i++) {
                    s.setString(i + 1, values[i]);
                }
                try (ResultSet rs = s.executeQuery()) {
                    List<MissionIssue> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(issue(rs));
                    }
                    return out;
                }
            }
        });
    }

    private static MissionIssue issue(ResultSet rs) throws SQLException {
        return new MissionIssue(rs.getString("id"), rs.getString("mission_id"), rs.getString("tracker_issue_id"),
                rs.getString("identifier"), rs.getString("title"), rs.getString("url"),
                OrchestrationState.fromWire(rs.getString("state")).orElseThrow(
                        () -> new IllegalStateException("unknown stored state")),
                rs.getInt("attempt"), rs.getString("workspace_id"), rs.getString("session_id"),
                instant(rs.getString("retry_due_at")), rs.getString("last_error"), rs.getString("pr_url"),
                rs.getInt("priority"), instant(rs.getString("tracker_created_at")),
                instant(rs.getString("created_at")), instant(rs.getString("updated_at")));
    }

    private static MissionRecord mission(ResultSet rs) throws SQLException {
        return new MissionRecord(rs.getString("id"), rs.getString("name"), Path.of(rs.getString("repo_path")),
                rs.getString("tracker"), rs.getString("config_json"), rs.getString("parse_error"),
                rs.getInt("paused") != 0, instant(rs.getString("last_polled_at")), rs.getString("last_poll_error"),
                instant(rs.getString("trigger_requested_at")), instant(rs.getString("created_at")),
                instant(rs.getString("updated_at")));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
