package dev.orbitdock.sync;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import java.io.ByteArrayOutputStream;
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
    /** What every envelope of this writer carries between its sequence and its timestamp, ready as bytes. */
    private final byte[] envelopeMiddle;

    SyncOutboxRows(Database database, PersistenceWriter writer, String workspaceId, long generation) {
        this.database = database;
        this.writer = writer;
        this.envelopeMiddle = utf8(",\"workspace_id\":" + quoted(workspaceId) + ",\"generation\":" + generation
                + ",\"timestamp\":");
    }

    /**
     * One outbox row as it goes on the wire: the command's JSON exactly as the writer stored it, as UTF-8 bytes
     * straight from SQLite (never decoded, since it is only copied into the request body).
     */
    record Row(long sequence, String createdAt, byte[] commandJson) {}

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
                        out.add(new Row(rs.getLong(1), rs.getString(3), rs.getBytes(2)));
                    }
                    return out;
                }
            }
        });
        long bytes = 0;
        for (int i = 0; i < rows.size(); i++) {
            bytes += rows.get(i).commandJson().length + ENVELOPE_OVERHEAD_BYTES;
            if (bytes > MAX_BATCH_JSON_BYTES && i > 0) {
                return rows.subList(0, i); // the rest goes in the next request
            }
        }
        return rows;
    }

    /**
     * The request body for {@code rows}: byte for byte what {@link SyncJson#write} gives for their envelopes, built
     * around the stored command JSON, so a batch is never parsed, re-serialized or even decoded on its way out.
     */
    byte[] batchJson(List<Row> rows, long outboxDepth) {
        int size = 64;
        for (Row row : rows) {
            size += row.commandJson().length + ENVELOPE_OVERHEAD_BYTES;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(utf8("{\"commands\":["));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            out.writeBytes(utf8((i == 0 ? "" : ",") + "{\"sequence\":" + row.sequence()));
            out.writeBytes(envelopeMiddle);
            out.writeBytes(utf8(quoted(row.createdAt()) + ",\"command\":"));
            out.writeBytes(row.commandJson());
            out.write('}');
        }
        out.writeBytes(utf8("],\"outbox_depth\":" + outboxDepth + "}"));
        return out.toByteArray();
    }

    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
