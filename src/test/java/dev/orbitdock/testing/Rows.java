package dev.orbitdock.testing;

import dev.orbitdock.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A query dump of the replicated tables, for "identical rows" comparisons between two databases. */
public final class Rows {
    private Rows() {}

    public static Map<String, List<Map<String, Object>>> dump(Database database) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        tables.put("sessions", query(database, "SELECT * FROM sessions ORDER BY id"));
        tables.put("conversation_rows", query(database, "SELECT * FROM conversation_rows ORDER BY session_id, sequence"));
        // token_usage.id is a local autoincrement; everything else must match, in order.
        tables.put("token_usage", query(database, "SELECT session_id, turn_id, model, input_tokens, output_tokens,"
                + " cached_input_tokens, cost_usd, recorded_at FROM token_usage ORDER BY id"));
        return tables;
    }

    public static List<Map<String, Object>> query(Database database, String sql) {
        return database.read(connection -> query(connection, sql));
    }

    /** Every row of {@code sql} as column label → value, in order. */
    public static List<Map<String, Object>> query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    public static long count(Database database, String sql) {
        return ((Number) query(database, sql).getFirst().values().iterator().next()).longValue();
    }
}
