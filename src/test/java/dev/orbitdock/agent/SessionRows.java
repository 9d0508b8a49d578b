package dev.orbitdock.agent;

import dev.orbitdock.testing.TestStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Reads a session's conversation rows back as {@code sequence type payload} strings, in sequence order. */
final class SessionRows {
    private SessionRows() {}

    record Row(long sequence, String type, String payload) {}

    static List<Row> of(TestStore store, String sessionId) {
        return store.database().read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT sequence, row_type, payload FROM conversation_rows WHERE session_id = ? ORDER BY sequence")) {
                statement.setString(1, sessionId);
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
                return rows;
            }
        });
    }

    /** {@code type:payload} of the rows of one type, in order. */
    static List<String> ofType(TestStore store, String sessionId, String type) {
        return of(store, sessionId).stream().filter(r -> r.type().equals(type)).map(Row::payload).toList();
    }
}
