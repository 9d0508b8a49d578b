package dev.orbitdock.store;

import java.sql.SQLException;

/**
 * Work that must run inside the writer's transaction (e.g. sync replay: read and advance {@code workspaces}
 * cursors, insert {@code sync_log}, apply commands) so that it commits or rolls back as one queue entry.
 */
@FunctionalInterface
public interface TransactionWork<T> {
    T run(WorkContext ctx) throws SQLException;
}
