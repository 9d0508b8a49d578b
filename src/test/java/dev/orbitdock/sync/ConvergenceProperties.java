package dev.orbitdock.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.auth.TokenInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A managed stream delivered under faults — dropped requests, dropped responses (applied but unacked), duplicates,
 * replays of old ranges and jumps ahead — by a client that resends from {@code expected} after a gap, always ends
 * with the control plane's rows identical to the workspace's and every sequence logged exactly once.
 * (Receiver-level; writer crashes and receiver restarts are not simulated here.)
 */
class ConvergenceProperties {
    private static final TokenInfo TOKEN = SyncReceiverTest.token(ManagedWorkspace.WORKSPACE);

    /** One delivery attempt: where to start relative to the client's cursor, how many, and what gets lost. */
    record Delivery(int offset, int size, boolean dropRequest, boolean dropResponse) {}

    @Provide
    Arbitrary<Delivery> delivery() {
        return Combinators.combine(Arbitraries.integers().between(-6, 6), Arbitraries.integers().between(0, 8),
                Arbitraries.of(true, false, false, false), Arbitraries.of(true, false, false))
                .as(Delivery::new);
    }

    @Property(tries = 150)
    void faultyDeliveryConverges(@ForAll @IntRange(min = 1, max = 25) int rows,
                                 @ForAll @Size(max = 40) List<@net.jqwik.api.From("delivery") Delivery> schedule)
            throws IOException {
        Path dir = Files.createTempDirectory("convergence");
        try (ManagedWorkspace managed = new ManagedWorkspace(dir).write(ManagedWorkspace.sessionStream(rows));
             ControlPlane control = new ControlPlane(dir, false)) {
            control.createWorkspace();
            List<SyncEnvelope> stream = managed.envelopes(1);
            int n = stream.size();
            long cursor = 1;
            for (Delivery delivery : schedule) {
                int start = (int) Math.clamp(cursor + delivery.offset(), 1, n);
                List<SyncEnvelope> batch = stream.subList(start - 1, Math.min(n, start - 1 + delivery.size()));
                if (!delivery.dropRequest()) {
                    cursor = deliver(control, batch, cursor, delivery.dropResponse());
                }
            }
            // The network heals: the client keeps sending from where it believes the receiver is.
            for (int round = 0; round < 2 * n + 10 && cursor <= n; round++) {
                int start = (int) cursor;
                cursor = deliver(control, stream.subList(start - 1, Math.min(n, start + 9)), cursor, false);
            }

            assertThat(cursor).isEqualTo(n + 1L);
            assertThat(Rows.dump(control.database)).isEqualTo(Rows.dump(managed.database));
            assertThat(Rows.count(control.database, "SELECT count(*) FROM sync_log")).isEqualTo(n);
            assertThat(Rows.count(control.database, "SELECT count(DISTINCT sequence) FROM sync_log")).isEqualTo(n);
            assertThat(Rows.count(control.database, "SELECT max(sequence) FROM sync_log")).isEqualTo(n);
        }
    }

    /** @return the client's new cursor: after the ack, at {@code expected} after a gap, unchanged if it learned nothing */
    private static long deliver(ControlPlane control, List<SyncEnvelope> batch, long cursor, boolean dropResponse) {
        try {
            SyncAck ack = control.receiver.receive(TOKEN, new SyncBatch(batch));
            return dropResponse ? cursor : ack.ackedThrough() + 1;
        } catch (SyncRejection.SequenceGap gap) {
            return dropResponse ? cursor : gap.expected();
        }
    }
}
