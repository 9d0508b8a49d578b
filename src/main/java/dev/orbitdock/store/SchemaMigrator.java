package dev.orbitdock.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Flyway migrations, with a fast path: when the schema is already at {@link #LATEST_VERSION} Flyway is not started
 * at all, which keeps short CLI commands (such as {@code config get}) quick.
 */
final class SchemaMigrator {
    /** The highest {@code V…__*.sql} in {@code db/migration}; a test keeps the two in step. */
    static final int LATEST_VERSION = 3;
    private static final String HISTORY = "flyway_schema_history";

    private SchemaMigrator() {}

    /** Refuses a SQLite file that holds someone else's tables, or a newer OrbitDock's schema. */
    static void checkOwnership(Connection connection, Path file) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        tables.remove("sqlite_sequence");
        if (!tables.isEmpty() && !tables.contains(HISTORY)) {
            throw new StoreException("store_foreign", file + " is an SQLite database, but not OrbitDock's",
                    "point --data-dir at another directory, or move the file away", null);
        }
        if (tables.contains(HISTORY) && appliedVersion(connection) > LATEST_VERSION) {
            throw new StoreException("store_too_new", file + " was written by a newer OrbitDock (schema version "
                    + appliedVersion(connection) + ", this build knows " + LATEST_VERSION + ")",
                    "upgrade OrbitDock, or use another --data-dir", null);
        }
    }

    static void migrate(Connection connection, Path file) throws SQLException {
        if (appliedVersionOrZero(connection) == LATEST_VERSION) {
            return;
        }
        try {
            Flyway.configure()
                    .dataSource("jdbc:sqlite:" + file.toAbsolutePath(), null, null)
                    .locations("classpath:db/migration")
                    .sqlMigrationPrefix("V")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("store_migration_failed", "Could not upgrade the schema of " + file + ": "
                    + e.getMessage().lines().findFirst().orElse("unknown error"),
                    "restore a backup of the file, or use another --data-dir", e);
        }
    }

    private static int appliedVersionOrZero(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + HISTORY + "'")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                return 0;
            }
        }
        return appliedVersion(connection);
    }

    private static int appliedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version FROM " + HISTORY
                     + " WHERE success = 1 AND version IS NOT NULL")) {
            int max = 0;
            while (rs.next()) {
                max = Math.max(max, Integer.parseInt(rs.getString(1)));
            }
            return max;
        }
    }
}
