package dev.orbitdock.testing;

import dev.orbitdock.store.CommitListener;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** A real SQLite file in a temp dir with its writer, for tests. */
public record TestStore(Database database, PersistenceWriter writer) implements AutoCloseable {

    public static TestStore open(Path dir) {
        return open(dir, CommitListener.NONE);
    }

    public static TestStore open(Path dir, CommitListener listener) {
        Database database = Database.open(dir.resolve("orbitdock.db"));
        return new TestStore(database, new PersistenceWriter(database, listener));
    }

    public long count(String sql, Object... args) {
        return query(sql, args, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    public String string(String sql, Object... args) {
        return query(sql, args, rs -> rs.next() ? rs.getString(1) : null);
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws java.sql.SQLException;
    }

    private <T> T query(String sql, Object[] args, RowReader<T> reader) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    return reader.read(rs);
                }
            }
        });
    }

    @Override
    public void close() {
        writer.close();
        database.close();
    }
}
