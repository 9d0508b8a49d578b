package dev.orbitdock.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.store.CommitListener;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.SessionCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Conversation-row appends (~1 KiB JSON payloads) through {@link PersistenceWriter}, against the same rows inserted
 * by a raw JDBC batch in one transaction. Target: writer ≥ 50 % of raw and ≥ 20 000 rows/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class WriterThroughputBenchmark {
    static final int ROWS = 5_000;
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @State(Scope.Thread)
    public static class Store {
        Path dir;
        Database database;
        PersistenceWriter writer;
        Connection raw;
        ObjectNode payload;
        String payloadJson;
        int session;

        @Setup(Level.Trial)
        public void open() throws IOException, SQLException {
            dir = Files.createTempDirectory("orbitdock-bench");
            database = Database.open(dir.resolve("orbitdock.db"));
            writer = new PersistenceWriter(database, CommitListener.NONE);
            raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
            try (Statement statement = raw.createStatement()) {
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("CREATE TABLE conversation_rows (id TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
                        + " sequence INTEGER NOT NULL, turn_id TEXT, row_type TEXT NOT NULL, payload TEXT NOT NULL,"
                        + " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (session_id, sequence))");
            }
            payload = JsonNodeFactory.instance.objectNode()
                    .put("type", "assistant")
                    .put("text", "x".repeat(960));
            payloadJson = Json.mapper().writeValueAsString(payload);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException, SQLException {
            writer.close();
            database.close();
            raw.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        String nextSession() {
            return "bench-" + (++session);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void writer(Store store) {
        String session = store.nextSession();
        store.writer.write(new SessionCommand.Create(session, "claude", "working", null, null, null, null, NOW));
        for (int i = 1; i < ROWS; i++) {
            store.writer.submit(append(session, i, store));
        }
        store.writer.write(append(session, ROWS, store)); // waits for the whole run to commit
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void rawJdbcBatch(Store store) throws SQLException {
        String session = store.nextSession();
        store.raw.setAutoCommit(false);
        try (PreparedStatement insert = store.raw.prepareStatement("INSERT INTO conversation_rows (id, session_id,"
                + " sequence, turn_id, row_type, payload, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            String at = NOW.toString();
            for (int i = 1; i <= ROWS; i++) {
                insert.setString(1, session + "-" + i);
                insert.setString(2, session);
                insert.setLong(3, i);
                insert.setString(4, "turn-1");
                insert.setString(5, "assistant");
                insert.setString(6, store.payloadJson);
                insert.setString(7, at);
                insert.setString(8, at);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        store.raw.commit();
        store.raw.setAutoCommit(true);
    }

    private static ConversationCommand.Append append(String session, int i, Store store) {
        return new ConversationCommand.Append(session + "-" + i, session, "turn-1", "assistant", store.payload, NOW);
    }
}
