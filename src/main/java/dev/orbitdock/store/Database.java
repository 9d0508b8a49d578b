package dev.orbitdock.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One SQLite file in WAL mode: a single write connection (owned by {@link PersistenceWriter}) and a small pool of
 * read connections. Opening checks that the file is an OrbitDock database before changing anything in it.
 */
public final class Database implements AutoCloseable {
    private static final int READ_CONNECTIONS = 4;

    private final Path file;
    private final Connection writeConnection;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private volatile boolean closed;

    private Database(Path file, Connection writeConnection) throws SQLException {
        this.file = file;
        this.writeConnection = writeConnection;
        this.readers = new ArrayBlockingQueue<>(READ_CONNECTIONS);
        for (int i = 0; i < READ_CONNECTIONS; i++) {
            Connection reader = connect(file);
            pragmas(reader);
            readers.add(reader);
            allReaders.add(reader);
        }
    }

    /** Opens (creating if needed) and migrates the database at {@code file}. */
    public static Database open(Path file) {
        Connection connection = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new StoreException("data_dir_missing", "Directory " + parent + " does not exist",
                        "create it or choose another --data-dir", null);
            }
            connection = connect(file);
            SchemaMigrator.checkOwnership(connection, file);
            pragmas(connection);
            SchemaMigrator.migrate(connection, file);
            return new Database(file, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw translate(e, file);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The single write connection; only the writer (or a sync receiver running through it) may use it. */
    Connection writeConnection() {
        return writeConnection;
    }

    /** Runs a read on a pooled connection. */
    public <T> T read(SqlFunction<T> query) {
        if (closed) {
            throw new IllegalStateException("database is closed");
        }
        Connection connection;
        try {
            connection = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a read connection", e);
        }
        try {
            return query.apply(connection);
        } catch (SQLException e) {
            throw translate(e, file);
        } finally {
            readers.add(connection);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        allReaders.forEach(Database::closeQuietly);
        closeQuietly(writeConnection);
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Otherwise the driver runs "SELECT last_insert_rowid()" after every INSERT, for keys nobody asks for.
        config.setGetGeneratedKeys(false);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    private static void pragmas(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = NORMAL");
            statement.execute("PRAGMA foreign_keys = ON");
        }
    }

    static StoreException translate(SQLException e, Path file) {
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT) {
                return new StoreException("store_corrupt", file + " is not a readable SQLite database ("
                        + code.message + ")", "move the file away or point --data-dir at another directory", e);
            }
            if (code == SQLiteErrorCode.SQLITE_CANTOPEN || code == SQLiteErrorCode.SQLITE_READONLY
                    || code == SQLiteErrorCode.SQLITE_PERM || code == SQLiteErrorCode.SQLITE_IOERR) {
                return new StoreException("store_unwritable", "Cannot open " + file + " for writing ("
                        + code.message + ")", "check the permissions of the data dir or choose another --data-dir", e);
            }
            if (code == SQLiteErrorCode.SQLITE_FULL) {
                return new StoreException("store_full", "The disk holding " + file + " is full",
                        "free some space and retry", e);
            }
        }
        return new StoreException("store_error", "Database error on " + file + ": " + e.getMessage(), null, e);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing on the way out: nothing useful to do with a second failure
        }
    }
}
