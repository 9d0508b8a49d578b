package dev.orbitdock.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Applies one {@link PersistCommand} to a connection inside the caller's transaction. Local writes and sync replay
 * both come through here, so they have the same semantics. Holds a prepared-statement cache for its connection.
 */
public final class CommandApplier implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final PayloadText payloads;

    /** @param payloads where JSON values are serialized, so the outbox can reuse the text of the same command */
    CommandApplier(Connection connection, PayloadText payloads) {
        this.connection = connection;
        this.payloads = payloads;
    }

    public Applied apply(PersistCommand command) throws SQLException {
        return switch (command) {
            case SessionCommand c -> applySession(c);
            case ConversationCommand c -> applyConversation(c);
            case TokenUsageCommand.Add c -> {
                requireExists("sessions", c.sessionId(), "session");
                update("INSERT INTO token_usage (session_id, turn_id, model, input_tokens, output_tokens,"
                                + " cached_input_tokens, cost_usd, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        c.sessionId(), c.turnId(), c.model(), c.inputTokens(), c.outputTokens(),
                        c.cachedInputTokens(), c.costUsd(), c.recordedAt());
                yield Applied.of(c, Applied.Entity.SESSION, c.sessionId());
            }
            case MissionCommand c -> applyMission(c);
            case MissionIssueCommand c -> applyMissionIssue(c);
            case WorkspaceCommand c -> applyWorkspace(c);
            case ConfigCommand c -> applyConfig(c);
            case AuthTokenCommand c -> applyAuthToken(c);
        };
    }

    private Applied applySession(SessionCommand command) throws SQLException {
        switch (command) {
            case SessionCommand.Create c -> insert("session", c.sessionId(),
                    "INSERT INTO sessions (id, provider, status, workspace_id, mission_issue_id, cwd, model, started_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    c.sessionId(), c.provider(), c.status(), c.workspaceId(), c.missionIssueId(), c.cwd(), c.model(),
                    c.startedAt());
            case SessionCommand.Update c -> patch("sessions", "session", c.sessionId(), new SqlUpdate("sessions")
                    .set("status", c.status())
                    .set("model", c.model())
                    .set("title", c.title())
                    .set("external_session_id", c.externalSessionId())
                    .set("last_activity_at", c.lastActivityAt())
                    .set("last_progress_at", c.lastProgressAt()));
            case SessionCommand.End c -> patch("sessions", "session", c.sessionId(), new SqlUpdate("sessions")
                    .always("status", "ended")
                    .always("ended_at", c.endedAt())
                    .always("end_reason", c.reason()));
        }
        return Applied.of(command, Applied.Entity.SESSION, command.sessionId());
    }

    private Applied applyConversation(ConversationCommand command) throws SQLException {
        requireExists("sessions", command.sessionId(), "session");
        return switch (command) {
            case ConversationCommand.Append c -> appendRow(c, c.turnId(), c.rowType(), c.payload(), c.at());
            case ConversationCommand.Upsert c -> {
                PreparedStatement find = prepare("SELECT sequence, session_id FROM conversation_rows WHERE id = ?");
                find.setString(1, c.rowId());
                try (ResultSet rs = find.executeQuery()) {
                    if (!rs.next()) {
                        yield appendRow(c, c.turnId(), c.rowType(), c.payload(), c.at());
                    }
                    long sequence = rs.getLong(1);
                    if (!c.sessionId().equals(rs.getString(2))) {
                        throw new CommandRejectedException("conversation row " + c.rowId()
                                + " belongs to session " + rs.getString(2) + ", not " + c.sessionId());
                    }
                    rs.close();
                    update("UPDATE conversation_rows SET turn_id = ?, row_type = ?, payload = ?, updated_at = ?"
                            + " WHERE id = ?", c.turnId(), c.rowType(), c.payload(), c.at(), c.rowId());
                    yield new Applied(c, Applied.Entity.SESSION, c.sessionId(), OptionalLong.of(sequence));
                }
            }
        };
    }

    private Applied appendRow(ConversationCommand c, String turnId, String rowType, JsonNode payload, Instant at)
            throws SQLException {
        String atText = at.toString(); // created_at and updated_at: formatted once
        // Two plain statements rather than one INSERT … SELECT … RETURNING: same result on the single writer
        // connection, and measurably less work for SQLite per row.
        PreparedStatement next = prepare("SELECT coalesce(max(sequence), 0) + 1 FROM conversation_rows"
                + " WHERE session_id = ?");
        next.setString(1, c.sessionId());
        long sequence;
        try (ResultSet rs = next.executeQuery()) {
            rs.next();
            sequence = rs.getLong(1);
        }
        insert("conversation row", c.rowId(), "INSERT INTO conversation_rows"
                        + " (id, session_id, sequence, turn_id, row_type, payload, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                c.rowId(), c.sessionId(), sequence, turnId, rowType, payload, atText, atText);
        return new Applied(c, Applied.Entity.SESSION, c.sessionId(), OptionalLong.of(sequence));
    }

    private Applied applyMission(MissionCommand command) throws SQLException {
        switch (command) {
            case MissionCommand.Upsert c -> update("INSERT INTO missions"
                            + " (id, name, repo_path, tracker, config_json, parse_error, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                            + " repo_path = excluded.repo_path, tracker = excluded.tracker,"
                            + " config_json = excluded.config_json, parse_error = excluded.parse_error,"
                            + " updated_at = excluded.updated_at",
                    c.missionId(), c.name(), c.repoPath(), c.tracker(), c.config(), c.parseError(), c.at(), c.at());
            case MissionCommand.SetPaused c -> patch("missions", "mission", c.missionId(), new SqlUpdate("missions")
                    .always("paused", c.paused())
                    .always("updated_at", c.at()));
            case MissionCommand.PollResult c -> patch("missions", "mission", c.missionId(), new SqlUpdate("missions")
                    .always("last_polled_at", c.at())
                    .always("last_poll_error", c.error()));
            case MissionCommand.Trigger c -> patch("missions", "mission", c.missionId(), new SqlUpdate("missions")
                    .always("trigger_requested_at", c.at()));
            case MissionCommand.Delete c -> update("DELETE FROM missions WHERE id = ?", c.missionId());
        }
        return Applied.of(command, Applied.Entity.MISSION, command.missionId());
    }

    private Applied applyMissionIssue(MissionIssueCommand command) throws SQLException {
        switch (command) {
            case MissionIssueCommand.Create c -> {
                requireExists("missions", c.missionId(), "mission");
                insert("mission issue", c.missionIssueId(), "INSERT INTO mission_issues (id, mission_id,"
                                + " tracker_issue_id, identifier, title, url, priority, tracker_created_at, state,"
                                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        c.missionIssueId(), c.missionId(), c.trackerIssueId(), c.identifier(), c.title(), c.url(),
                        c.priority(), c.trackerCreatedAt(), c.state(), c.at(), c.at());
            }
            case MissionIssueCommand.Update c -> patch("mission_issues", "mission issue", c.missionIssueId(),
                    new SqlUpdate("mission_issues")
                            .set("title", c.title())
                            .set("state", c.state())
                            .set("attempt", c.attempt())
                            .set("workspace_id", c.workspaceId())
                            .set("session_id", c.sessionId())
                            .set("retry_due_at", c.retryDueAt())
                            .set("last_error", c.lastError())
                            .set("pr_url", c.prUrl())
                            .set("last_heartbeat_at", c.lastHeartbeatAt())
                            .set("last_progress_at", c.lastProgressAt())
                            .always("updated_at", c.at()));
        }
        return Applied.of(command, Applied.Entity.MISSION_ISSUE, command.missionIssueId());
    }

    private Applied applyWorkspace(WorkspaceCommand command) throws SQLException {
        switch (command) {
            case WorkspaceCommand.Create c -> insert("workspace", c.workspaceId(), "INSERT INTO workspaces (id,"
                            + " mission_issue_id, session_id, provider, repo_url, branch, status, sync_token, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    c.workspaceId(), c.missionIssueId(), c.sessionId(), c.provider(), c.repoUrl(), c.branch(),
                    c.status(), c.syncTokenId(), c.at());
            case WorkspaceCommand.Update c -> patch("workspaces", "workspace", c.workspaceId(),
                    new SqlUpdate("workspaces")
                            .set("external_id", c.externalId())
                            .set("status", c.status())
                            .set("connection_info", c.connectionInfo())
                            .set("sync_acked_through", c.syncAckedThrough())
                            .set("sync_generation", c.syncGeneration())
                            .set("last_heartbeat_at", c.lastHeartbeatAt())
                            .set("last_error", c.lastError())
                            .set("ready_at", c.readyAt())
                            .set("destroyed_at", c.destroyedAt()));
        }
        return Applied.of(command, Applied.Entity.WORKSPACE, command.workspaceId());
    }

    private Applied applyConfig(ConfigCommand command) throws SQLException {
        switch (command) {
            case ConfigCommand.Set c -> update("INSERT INTO config (key, value, updated_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    c.key(), c.value(), c.at());
            case ConfigCommand.Unset c -> update("DELETE FROM config WHERE key = ?", c.key());
        }
        return Applied.of(command, Applied.Entity.CONFIG, command.key());
    }

    private Applied applyAuthToken(AuthTokenCommand command) throws SQLException {
        switch (command) {
            case AuthTokenCommand.Create c -> insert("token", c.tokenId(), "INSERT INTO auth_tokens"
                            + " (id, label, scope, salt, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    c.tokenId(), c.label(), c.scope(), c.salt(), c.hash(), c.createdAt(), c.expiresAt());
            case AuthTokenCommand.Revoke c -> {
                // Revoking twice keeps the first revocation time.
                requireExists("auth_tokens", c.tokenId(), "token");
                update("UPDATE auth_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
                        c.revokedAt(), c.tokenId());
            }
        }
        return Applied.of(command, Applied.Entity.AUTH_TOKEN, command.tokenId());
    }

    private void insert(String what, String id, String sql, Object... values) throws SQLException {
        try {
            update(sql, values);
        } catch (SQLException e) {
            throw duplicateOr(e, what, id);
        }
    }

    private void patch(String table, String what, String id, SqlUpdate update) throws SQLException {
        if (update.isEmpty()) {
            requireExists(table, id, what);
            return;
        }
        List<Object> values = new ArrayList<>(update.values());
        values.add(id);
        if (update(update.sql("id"), values.toArray()) == 0) {
            throw new CommandRejectedException(what + " " + id + " does not exist");
        }
    }

    private void requireExists(String table, String id, String what) throws SQLException {
        PreparedStatement find = prepare("SELECT 1 FROM " + table + " WHERE id = ?");
        find.setString(1, id);
        try (ResultSet rs = find.executeQuery()) {
            if (!rs.next()) {
                throw new CommandRejectedException(what + " " + id + " does not exist");
            }
        }
    }

    private int update(String sql, Object... values) throws SQLException {
        PreparedStatement statement = prepare(sql);
        bind(statement, values);
        return statement.executeUpdate();
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, toSql(values[i]));
        }
    }

    private Object toSql(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant.toString();
            case JsonNode node -> payloads.of(node);
            case Boolean bool -> bool ? 1 : 0;
            case java.math.BigDecimal decimal -> decimal.doubleValue();
            default -> value;
        };
    }

    private static SQLException duplicateOr(SQLException e, String what, String id) {
        if (e instanceof org.sqlite.SQLiteException s
                && (s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                || s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
            throw new CommandRejectedException(what + " " + id + " already exists", e);
        }
        return e;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
    }
}
