package dev.orbitdock.http;

import dev.orbitdock.store.Database;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read queries over {@code sessions} and {@code conversation_rows} (plain SQL on the read pool), for the REST API
 * and {@code orbitdock session}.
 */
public final class SessionQueries {
    private static final String ROW_COUNT =
            "(SELECT count(*) FROM conversation_rows r WHERE r.session_id = s.id) AS row_count";
    private static final String USAGE = "SELECT coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),"
            + " coalesce(sum(cached_input_tokens), 0), coalesce(sum(cost_usd), 0) FROM token_usage WHERE session_id = ?";

    private final Database database;

    public SessionQueries(Database database) {
        this.database = database;
    }

    /** Every session (or only those of one mission issue, when {@code missionIssueId} is not null), newest first. */
    public List<SessionSummary> list(String missionIssueId) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT s.id, s.provider, s.status,"
                    + " s.workspace_id, s.mission_issue_id, s.model, s.title, s.started_at, s.ended_at, " + ROW_COUNT
                    + " FROM sessions s" + (missionIssueId == null ? "" : " WHERE s.mission_issue_id = ?")
                    + " ORDER BY s.started_at DESC, s.id")) {
                if (missionIssueId != null) {
                    statement.setString(1, missionIssueId);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    List<SessionSummary> sessions = new ArrayList<>();
                    while (rs.next()) {
                        sessions.add(new SessionSummary(rs.getString("id"), rs.getString("provider"),
                                rs.getString("status"), rs.getString("workspace_id"), rs.getString("mission_issue_id"),
                                rs.getString("model"), rs.getString("title"), instant(rs, "started_at"),
                                instant(rs, "ended_at"), rs.getLong("row_count")));
                    }
                    return sessions;
                }
            }
        });
    }

    public Optional<SessionDetail> find(String id) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT s.*, " + ROW_COUNT
                    + " FROM sessions s WHERE s.id = ?")) {
                statement.setString(1, id);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new SessionDetail(rs.getString("id"), rs.getString("provider"),
                            rs.getString("status"), rs.getString("workspace_id"), rs.getString("mission_issue_id"),
                            rs.getString("model"), rs.getString("title"), rs.getString("cwd"),
                            rs.getString("external_session_id"), instant(rs, "started_at"),
                            instant(rs, "last_activity_at"), instant(rs, "last_progress_at"),
                            instant(rs, "ended_at"), rs.getString("end_reason"), rs.getLong("row_count"),
                            usage(connection, id)));
                }
            }
        });
    }

    private static TokenTotals usage(Connection connection, String sessionId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(USAGE)) {
            statement.setString(1, sessionId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                // Summed as REAL by SQLite; rounded to the micro-dollar so binary fractions do not show.
                return new TokenTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        BigDecimal.valueOf(rs.getDouble(4)).setScale(6, RoundingMode.HALF_UP));
            }
        }
    }

    /** Up to {@code limit} rows with a sequence above {@code after}, in sequence order; empty if no such session. */
    public Optional<List<ConversationRow>> rows(String sessionId, long after, int limit) {
        return database.read(connection -> {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM sessions WHERE id = ?")) {
                exists.setString(1, sessionId);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, sequence, turn_id, row_type,"
                    + " payload, created_at, updated_at FROM conversation_rows WHERE session_id = ? AND sequence > ?"
                    + " ORDER BY sequence LIMIT ?")) {
                statement.setString(1, sessionId);
                statement.setLong(2, after);
                statement.setInt(3, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    List<ConversationRow> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new ConversationRow(rs.getString("id"), rs.getLong("sequence"),
                                rs.getString("turn_id"), rs.getString("row_type"), rs.getString("payload"),
                                instant(rs, "created_at"), instant(rs, "updated_at")));
                    }
                    return Optional.of(rows);
                }
            }
        });
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : Instant.parse(text);
    }
}
