package dev.orbitdock.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Read queries over {@code workspaces}; never returns the sync token's id or the raw connection info. */
final class WorkspaceQueries {
    private final Database database;

    WorkspaceQueries(Database database) {
        this.database = database;
    }

    Optional<WorkspaceView> find(String id) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, mission_issue_id, session_id,"
                    + " provider, external_id, repo_url, branch, status, connection_info, last_error,"
                    + " sync_acked_through, last_heartbeat_at, created_at, ready_at, destroyed_at"
                    + " FROM workspaces WHERE id = ?")) {
                statement.setString(1, id);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    JsonNode info = connectionInfo(rs.getString("connection_info"));
                    return Optional.of(new WorkspaceView(rs.getString("id"), rs.getString("mission_issue_id"),
                            rs.getString("session_id"), rs.getString("provider"), rs.getString("external_id"),
                            rs.getString("repo_url"), rs.getString("branch"), rs.getString("status"),
                            text(info, "path"), text(info, "console_url"), rs.getString("last_error"),
                            rs.getLong("sync_acked_through"), instant(rs, "last_heartbeat_at"),
                            instant(rs, "created_at"), instant(rs, "ready_at"), instant(rs, "destroyed_at")));
                }
            }
        });
    }

    /** Providers own the shape of {@code connection_info}; what is not a JSON object shows as nothing. */
    private static JsonNode connectionInfo(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(json);
            return node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode info, String field) {
        return info != null && info.hasNonNull(field) ? info.get(field).asText() : null;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : Instant.parse(text);
    }
}
