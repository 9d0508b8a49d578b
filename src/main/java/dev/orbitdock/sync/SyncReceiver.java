package dev.orbitdock.sync;

import dev.orbitdock.auth.TokenInfo;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.WorkContext;
import dev.orbitdock.store.WorkspaceCommand;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The control-plane side of {@code POST /api/sync} (ARCHITECTURE §4 steps 1–4). The whole batch is ONE writer work
 * item, so it commits or rolls back as a unit, and because the writer is single-threaded two batches of the same
 * workspace can never interleave: that is the per-workspace serialization, with no lock of our own.
 * Applied commands reach the writer's commit listener, so {@code /ws} subscribers see replicated changes.
 */
public final class SyncReceiver {
    private final PersistenceWriter writer;
    private final Clock clock;

    public SyncReceiver(PersistenceWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * @throws SyncRejection for every refusal (nothing of the batch is applied)
     * @throws IllegalArgumentException if the token is not a workspace token (the HTTP layer prevents that)
     */
    public SyncAck receive(TokenInfo token, SyncBatch batch) {
        return receive(token, SyncJson.Received.of(batch));
    }

    /** As {@link #receive(TokenInfo, SyncBatch)}; {@code sync_log} keeps the commands' JSON as received. */
    public SyncAck receive(TokenInfo token, SyncJson.Received received) {
        if (!(token.scope() instanceof TokenScope.Workspace(String workspaceId))) {
            throw new IllegalArgumentException("sync needs a workspace token");
        }
        validateShape(workspaceId, received.batch().commands());
        try {
            return writer.submitWork(ctx -> apply(ctx, workspaceId, received)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** What can be checked without the database: size, one workspace, contiguous sequences. */
    private static void validateShape(String workspaceId, List<SyncEnvelope> envelopes) {
        if (envelopes.size() > SyncBatch.MAX_ENVELOPES) {
            throw SyncRejection.MalformedBatch.tooLarge(envelopes.size());
        }
        for (int i = 0; i < envelopes.size(); i++) {
            SyncEnvelope envelope = envelopes.get(i);
            if (!envelope.workspaceId().equals(envelopes.getFirst().workspaceId())) {
                throw new SyncRejection.MalformedBatch("one batch carries one workspace_id");
            }
            if (!envelope.workspaceId().equals(workspaceId)) {
                throw new SyncRejection.ScopeViolation("the batch is for workspace " + envelope.workspaceId()
                        + ", not the token's");
            }
            if (envelope.sequence() < 1) {
                throw new SyncRejection.MalformedBatch("sequences start at 1");
            }
            if (i > 0 && envelope.sequence() != envelopes.get(i - 1).sequence() + 1) {
                throw new SyncRejection.MalformedBatch("sequences must be contiguous: " + envelopes.get(i - 1).sequence()
                        + " is followed by " + envelope.sequence());
            }
            if (i > 0 && envelope.generation() != envelopes.getFirst().generation()) {
                throw new SyncRejection.MalformedBatch("one batch carries one generation");
            }
        }
    }

    /** Runs on the writer thread inside its transaction; may run twice (fast path, then savepoint path). */
    private SyncAck apply(WorkContext ctx, String workspaceId, SyncJson.Received received) throws SQLException {
        SyncBatch batch = received.batch();
        Connection connection = ctx.connection();
        List<SyncEnvelope> envelopes = batch.commands();
        WorkspaceCursor ws = load(connection, workspaceId);
        Instant now = clock.instant();
        Health health = Health.of(batch, now);
        if (!envelopes.isEmpty()) {
            long generation = envelopes.getFirst().generation();
            if (generation < ws.generation()) {
                throw new SyncRejection.StaleGeneration(ws.generation(), ws.ackedThrough());
            }
            // Scope first, over the whole batch, so a violation anywhere applies nothing (also the replayed prefix).
            envelopes.forEach(envelope -> SyncScope.check(ws, envelope.command()));
            // Sequences are contiguous (validateShape), so what is new is a suffix of the batch.
            int firstFresh = Math.clamp(ws.ackedThrough() + 1 - envelopes.getFirst().sequence(), 0,
                    envelopes.size());
            if (firstFresh < envelopes.size() && envelopes.get(firstFresh).sequence() != ws.ackedThrough() + 1) {
                throw new SyncRejection.SequenceGap(ws.ackedThrough() + 1, ws.ackedThrough());
            }
            long acked = ws.ackedThrough();
            String receivedAt = now.toString();
            try (PreparedStatement log = connection.prepareStatement("INSERT INTO sync_log (workspace_id, sequence,"
                    + " generation, command_json, received_at) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = firstFresh; i < envelopes.size(); i++) {
                    SyncEnvelope envelope = envelopes.get(i);
                    log.setString(1, workspaceId);
                    log.setLong(2, envelope.sequence());
                    log.setLong(3, envelope.generation());
                    log.setString(4, received.commandJson().get(i));
                    log.setString(5, receivedAt);
                    log.executeUpdate();
                    ctx.apply(envelope.command());
                    acked = envelope.sequence();
                }
            }
            update(ctx, workspaceId, acked, Math.max(generation, ws.generation()), now, health);
            return new SyncAck(acked);
        }
        update(ctx, workspaceId, ws.ackedThrough(), ws.generation(), now, health); // heartbeat
        return new SyncAck(ws.ackedThrough());
    }

    private static WorkspaceCursor load(Connection connection, String workspaceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT session_id, mission_issue_id,"
                + " sync_acked_through, sync_generation FROM workspaces WHERE id = ? AND destroyed_at IS NULL")) {
            select.setString(1, workspaceId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SyncRejection.UnknownWorkspace(workspaceId);
                }
                return new WorkspaceCursor(workspaceId, row.getString(1), row.getString(2), row.getLong(3),
                        row.getLong(4));
            }
        }
    }

    /**
     * The cursor and heartbeat go through a store command, so every ack and heartbeat reaches {@code /ws} (the
     * dashboard's workspaces topic); the backlog figures have no command field and are written beside it.
     */
    private static void update(WorkContext ctx, String workspaceId, long acked, long generation, Instant now,
                               Health health) throws SQLException {
        ctx.apply(new WorkspaceCommand.Update(workspaceId, Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.set(acked), Patch.set(generation), Patch.set(now), Patch.absent(), Patch.absent(),
                Patch.absent()));
        try (PreparedStatement update = ctx.connection().prepareStatement("UPDATE workspaces SET"
                + " sync_outbox_depth = COALESCE(?, sync_outbox_depth), sync_lag_ms = COALESCE(?, sync_lag_ms)"
                + " WHERE id = ?")) {
            update.setObject(1, health.outboxDepth());
            update.setObject(2, health.lagMillis());
            update.setString(3, workspaceId);
            update.executeUpdate();
        }
    }

    /**
     * What a request tells of the workspace's replication: its backlog, and how old the newest command it carried
     * is (commit on the workspace to arrival here; the two clocks' skew adds to it, never below zero). A heartbeat
     * with an empty backlog means no lag; null leaves the stored value.
     */
    private record Health(Long outboxDepth, Long lagMillis) {
        static Health of(SyncBatch batch, Instant now) {
            Long lag = null;
            if (!batch.commands().isEmpty()) {
                lag = Math.max(0, Duration.between(batch.commands().getLast().timestamp(), now).toMillis());
            } else if (batch.outboxDepth() != null && batch.outboxDepth() == 0) {
                lag = 0L;
            }
            return new Health(batch.outboxDepth(), lag);
        }
    }
}
