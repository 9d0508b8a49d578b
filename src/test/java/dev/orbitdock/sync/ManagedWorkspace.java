package dev.orbitdock.sync;

import dev.orbitdock.testing.Rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.CommitListener;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistCommand;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.store.StoreJson;
import dev.orbitdock.store.SyncOutbox;
import dev.orbitdock.store.TokenUsageCommand;
import dev.orbitdock.testing.MutableClock;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A managed instance's store: a real writer with an outbox, whose rows become the envelopes a client would send. */
final class ManagedWorkspace implements AutoCloseable {
    static final String DATABASE = "managed.db";
    static final String WORKSPACE = "od-w1";
    static final String SESSION = "od-s1";
    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    final Database database;
    final PersistenceWriter writer;

    ManagedWorkspace(Path dir) {
        database = Database.open(dir.resolve(DATABASE));
        writer = new PersistenceWriter(database, CommitListener.NONE, 10_000,
                new SyncOutbox(MutableClock.at("2026-11-25T12:00:00Z")));
    }

    /** A session's life: create, rows appended and edited, usage, status changes, end. */
    static List<PersistCommand> sessionStream(int rows) {
        List<PersistCommand> commands = new ArrayList<>();
        commands.add(new SessionCommand.Create(SESSION, "claude", "working", WORKSPACE, null, "/work", "sonnet", T0));
        for (int i = 0; i < rows; i++) {
            Instant at = T0.plusSeconds(i);
            commands.add(new ConversationCommand.Append("od-r" + i, SESSION, "turn-" + i / 3, "assistant",
                    JsonNodeFactory.instance.objectNode().put("text", "row " + i), at));
            if (i % 4 == 3) {
                commands.add(new ConversationCommand.Upsert("od-r" + (i - 2), SESSION, "turn-x", "assistant",
                        JsonNodeFactory.instance.objectNode().put("text", "edited " + i), at));
            }
            if (i % 5 == 4) {
                commands.add(new TokenUsageCommand.Add(SESSION, "turn-" + i, "sonnet", i, 2L * i, 1, new BigDecimal("0.25"),
                        at));
                commands.add(new SessionCommand.Update(SESSION, Patch.set(i % 2 == 0 ? "working" : "waiting"),
                        Patch.absent(), Patch.set("title " + i), Patch.absent(), Patch.set(at), Patch.clear()));
            }
        }
        commands.add(new SessionCommand.End(SESSION, "completed", T0.plusSeconds(rows + 1)));
        return commands;
    }

    ManagedWorkspace write(List<PersistCommand> commands) {
        writer.writeAll(commands);
        return this;
    }

    /** Every outbox row, in sequence order, as an envelope of {@code generation}. */
    List<SyncEnvelope> envelopes(long generation) {
        return Rows.query(database, "SELECT sequence, command_json, created_at FROM sync_outbox ORDER BY sequence")
                .stream().map(row -> {
                    try {
                        return new SyncEnvelope(((Number) row.get("sequence")).longValue(), WORKSPACE, generation,
                                Instant.parse((String) row.get("created_at")),
                                StoreJson.read((String) row.get("command_json")));
                    } catch (JsonProcessingException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
    }

    @Override
    public void close() {
        writer.close();
        database.close();
    }
}
