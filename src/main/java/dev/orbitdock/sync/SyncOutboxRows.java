package dev.orbitdock.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.StoreJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The managed side's view of {@code sync_outbox} for {@link SyncWriter}: reads go through the read pool, deletes go
 * through the {@link PersistenceWriter} because it owns the only write connection.
 */
final class SyncOutboxRows {
    /**
     * Commands' JSON per request, well under the receiver's 8 MiB body limit (envelope fields and JSON framing
     * add a little per row): a batch of large rows is cut short rather than refused with 413 forever.
     */
    static final long MAX_BATCH_JSON_BYTES = 6L * 1024 * 1024;
    private static final int ENVELOPE_OVERHEAD_BYTES = 160;

    private final Database database;
    private final PersistenceWriter writer;
    private final String workspaceId;
    private final long generation;

    SyncOutboxRows(Database database, PersistenceWriter writer, String workspaceId, long generation) {
        this.database = database;
        this.writer = writer;
        this.workspaceId = workspaceId;
        this.generation = generation;
    }

    /** The oldest rows as envelopes, in sequence order: at most {@code limit}, and at most about 6 MiB of JSON. */
    List<SyncEnvelope> oldest(int limit) {
        List<String[]> rows = database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT sequence, command_json, created_at FROM sync_outbox ORDER BY sequence LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet rs = select.executeQuery()) {
                    List<String[]> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new String[] {Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3)});
                    }
                    return out;
                }
            }
        });
        List<SyncEnvelope> envelopes = new ArrayList<>(rows.size());
        long bytes = 0;
        for (String[] row : rows) {
            bytes += row[1].getBytes(java.nio.charset.StandardCharsets.UTF_8).length + ENVELOPE_OVERHEAD_BYTES;
            if (bytes > MAX_BATCH_JSON_BYTES && !envelopes.isEmpty()) {
                break; // the rest goes in the next request
            }
            try {
                envelopes.add(new SyncEnvelope(Long.parseLong(row[0]), workspaceId, generation, Instant.parse(row[2]),
                        StoreJson.read(row[1])));
            } catch (JsonProcessingException e) {
                // The writer wrote this JSON itself; failing loudly beats silently skipping a sequence (a gap).
                throw new IllegalStateException("unreadable sync_outbox row " + row[0], e);
            }
        }
        return envelopes;
    }

    long depth() {
        return depthAfter(0);
    }

    /** Rows above {@code sequence}: what is still waiting behind a batch that ends there. */
    long depthAfter(long sequence) {
        return database.read(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM sync_outbox WHERE sequence > ?")) {
                count.setLong(1, sequence);
                try (ResultSet rs = count.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Deletes every row at or below {@code sequence} and waits for the commit, so the next read cannot see them. */
    void deleteThrough(long sequence) {
        try {
            writer.submitWork(ctx -> {
                try (PreparedStatement delete = ctx.connection().prepareStatement(
                        "DELETE FROM sync_outbox WHERE sequence <= ?")) {
                    delete.setLong(1, sequence);
                    return delete.executeUpdate();
                }
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
