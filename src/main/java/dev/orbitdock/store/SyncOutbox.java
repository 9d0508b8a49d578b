package dev.orbitdock.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The transactional outbox of a managed instance: each replicated command is appended to {@code sync_outbox} by
 * the writer in the same transaction as its mutation, so a row is in the outbox if and only if its change committed.
 * The outbox's {@code sequence} is the sync sequence.
 */
public final class SyncOutbox {
    private final Clock clock;
    private PreparedStatement insert;

    public SyncOutbox(Clock clock) {
        this.clock = clock;
    }

    void appendIfReplicated(Connection connection, PersistCommand command) throws SQLException {
        if (!Replication.isReplicated(command)) {
            return;
        }
        if (insert == null) {
            insert = connection.prepareStatement("INSERT INTO sync_outbox (command_json, created_at) VALUES (?, ?)");
        }
        insert.setString(1, StoreJson.write(command));
        insert.setString(2, clock.instant().toString());
        insert.executeUpdate();
    }

    void close() throws SQLException {
        if (insert != null) {
            insert.close();
            insert = null;
        }
    }
}
