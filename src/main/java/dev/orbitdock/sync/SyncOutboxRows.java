package dev.orbitdock.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managed side's view of {@code sync_outbox} for {@link SyncWriter}: reads go through the read pool, deletes go
 * through the {@link PersistenceWriter} because it owns the only write connection.
 */
final class SyncOutboxRows {
    private static final Logger log = LoggerFactory.getLogger(SyncOutboxRows.class);
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

    /** One outbox row as it goes on the wire: the command's JSON exactly as the writer stored it. */
    record Row(long sequence, String createdAt, String commandJson) {}

    /** Rows above {@code sequence}, in order: at most {@code limit}, and at most about 6 MiB of JSON. */
    List<Row> after(long sequence, int limit) {
        List<Row> rows = database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT sequence, command_json, created_at"
                    + " FROM sync_outbox WHERE sequence > ? ORDER BY sequence LIMIT ?")) {
                select.setLong(1, sequence);
                select.setInt(2, limit);
                try (ResultSet rs = select.executeQuery()) {
                    List<Row> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Row(rs.getLong(1), rs.getString(3), rs.getString(2)));
                    }
                    return out;
                }
            }
        });
        long bytes = 0;
        for (int i = 0; i < rows.size(); i++) {
            bytes += rows.get(i).commandJson().getBytes(StandardCharsets.UTF_8).length + ENVELOPE_OVERHEAD_BYTES;
            if (bytes > MAX_BATCH_JSON_BYTES && i > 0) {
                return rows.subList(0, i); // the rest goes in the next request
            }
        }
        return rows;
    }

    /**
     * The request body for {@code rows}: the same JSON as {@link SyncJson#write} of their envelopes, built around
     * the stored command text, so a batch is never parsed and re-serialized on its way out.
     */
    String batchJson(List<Row> rows, long outboxDepth) {
        StringWriter out = new StringWriter(rows.size() * 1200 + 64);
        try (JsonGenerator json = SyncJson.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("commands");
            for (Row row : rows) {
                json.writeStartObject();
                json.writeNumberField("sequence", row.sequence());
                json.writeStringField("workspace_id", workspaceId);
                json.writeNumberField("generation", generation);
                json.writeStringField("timestamp", row.createdAt());
                json.writeFieldName("command");
                json.writeRawValue(row.commandJson());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("outbox_depth", outboxDepth);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a batch in memory failed", e);
        }
        return out.toString();
    }

    /**
     * Rows above {@code sequence}: what is still waiting behind a batch that ends there. Rows leave from the bottom
     * only, so the sequences above are contiguous and this is a difference of two indexed lookups, not a count.
     */
    long depthAfter(long sequence) {
        return database.read(connection -> {
            // Two subqueries: SQLite answers a lone MIN or MAX from the rowid b-tree's edge, but scans every row
            // in range when one query asks for both.
            try (PreparedStatement bounds = connection.prepareStatement("SELECT (SELECT MIN(sequence) FROM"
                    + " sync_outbox WHERE sequence > ?), (SELECT MAX(sequence) FROM sync_outbox)")) {
                bounds.setLong(1, sequence);
                try (ResultSet rs = bounds.executeQuery()) {
                    if (!rs.next() || rs.getObject(1) == null) {
                        return 0L;
                    }
                    return rs.getLong(2) - rs.getLong(1) + 1;
                }
            }
        });
    }

    /**
     * Deletes every row at or below {@code sequence} through the writer, without waiting: reads go above the acked
     * sequence anyway. A failed delete is harmless (the rows are resent, and skipped by the receiver) and logged.
     */
    CompletableFuture<Integer> deleteThrough(long sequence) {
        return writer.submitWork(ctx -> {
            try (PreparedStatement delete = ctx.connection().prepareStatement(
                    "DELETE FROM sync_outbox WHERE sequence <= ?")) {
                delete.setLong(1, sequence);
                return delete.executeUpdate();
            }
        }).exceptionally(e -> {
            log.warn("could not delete acknowledged outbox rows through {}: {}", sequence, e.toString());
            return 0;
        });
    }
}
