package dev.orbitdock.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
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

    /** @param payloads the text the row's payload was stored as, embedded here rather than serialized again */
    void appendIfReplicated(Connection connection, PersistCommand command, PayloadText payloads) throws SQLException {
        if (!Replication.isReplicated(command)) {
            return;
        }
        if (insert == null) {
            insert = connection.prepareStatement("INSERT INTO sync_outbox (command_json, created_at) VALUES (?, ?)");
        }
        insert.setString(1, StoreJson.write(withPayloadText(command, payloads)));
        insert.setString(2, clock.instant().toString());
        insert.executeUpdate();
    }

    /**
     * The command with its payload replaced by a node that writes the given text verbatim: the same JSON as the
     * command itself gives, since the text is what the same settings make of the same node.
     */
    static PersistCommand withPayloadText(PersistCommand command, PayloadText payloads) {
        return switch (command) {
            case ConversationCommand.Append c -> new ConversationCommand.Append(c.rowId(), c.sessionId(), c.turnId(),
                    c.rowType(), raw(payloads, c.payload()), c.at());
            case ConversationCommand.Upsert c -> new ConversationCommand.Upsert(c.rowId(), c.sessionId(), c.turnId(),
                    c.rowType(), raw(payloads, c.payload()), c.at());
            default -> command;
        };
    }

    private static JsonNode raw(PayloadText payloads, JsonNode payload) {
        return JsonNodeFactory.instance.rawValueNode(new RawValue(payloads.of(payload)));
    }

    void close() throws SQLException {
        if (insert != null) {
            insert.close();
            insert = null;
        }
    }
}
