package dev.orbitdock.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Read queries over {@code workspaces}; never returns the sync token's id or the raw connection info. */
final class WorkspaceQueries {
    private final Database database;

    WorkspaceQueries(Database database) {
        this.database = database;
    }

    Optional<WorkspaceView> find(String id) {
        return select("WHERE w.id = ?", id).stream().findFirst();
    }

    /** Every workspace, newest first. */
    List<WorkspaceView> list() {
        return select("ORDER BY w.created_at DESC, w.id");
    }

    private List<WorkspaceView> select(String clause, String... values) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT w.id, w.mission_issue_id,"
                    + " i.mission_id, i.identifier, w.session_id, w.provider, w.external_id, w.repo_url, w.branch,"
                    + " w.status, w.connection_info, w.last_error, w.sync_acked_through, w.sync_generation,"
                    + " w.last_heartbeat_at, w.created_at, w.ready_at, w.destroyed_at"
                    + " FROM workspaces w LEFT JOIN mission_issues i ON i.id = w.mission_issue_id " + clause)) {
                for (int k = 0; k < values.length; k++) {
                    statement.setString(k + 1, values[k]);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    List<WorkspaceView> workspaces = new ArrayList<>();
                    while (rs.next()) {
                        JsonNode info = connectionInfo(rs.getString("connection_info"));
                        workspaces.add(new WorkspaceView(rs.getString("id"), rs.getString("mission_issue_id"),
                                rs.getString("mission_id"), rs.getString("identifier"), rs.getString("session_id"),
                                rs.getString("provider"), rs.getString("external_id"), rs.getString("repo_url"),
                                rs.getString("branch"), rs.getString("status"), text(info, "path"),
                                text(info, "console_url"), rs.getString("last_error"), rs.getLong("sync_acked_through"),
                                rs.getLong("sync_generation"), instant(rs, "last_heartbeat_at"),
                                instant(rs, "created_at"), instant(rs, "ready_at"), instant(rs, "destroyed_at")));
                    }
                    return workspaces;
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
