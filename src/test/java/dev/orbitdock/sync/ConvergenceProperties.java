package dev.orbitdock.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.auth.TokenInfo;
import dev.orbitdock.store.PersistCommand;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.Rows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The real {@link SyncWriter} replicating a managed store that keeps writing, under every fault the network and the
 * machines can produce — dropped requests, dropped responses (applied but unacked), duplicated batches, old
 * batches arriving late (reordering), control-plane restarts, and managed-instance crashes (client state lost,
 * store reopened) at any step — always ends, once the faults stop, with the control plane's rows identical to the
 * workspace's and every sequence logged exactly once. The writer is driven turn by turn, without its thread, so
 * each schedule is reproducible from jqwik's seed.
 */
class ConvergenceProperties {
    private static final TokenInfo TOKEN = SyncReceiverTest.token(ManagedWorkspace.WORKSPACE);
    /** Small batches make more requests per stream, so faults land in more places. */
    private static final SyncWriterOptions OPTIONS = SyncWriterOptions.defaults().withMaxBatch(4).withGzipAbove(512);

    sealed interface Step {
        /** The workspace commits the next {@code commands} of its session. */
        record Write(int commands) implements Step {}

        /** One turn of the writer; what the network does to its request. */
        record Turn(Fault fault) implements Step {}

        /** A batch sent earlier arrives again, late. */
        record LateReplay(int pick) implements Step {}

        /** The control plane's process restarts (database closed and reopened). */
        record RestartControlPlane() implements Step {}

        /** The managed instance dies: the writer's memory is lost and its store reopened. */
        record CrashWorkspace() implements Step {}
    }

    enum Fault { NONE, DROP_REQUEST, DROP_RESPONSE, DUPLICATE }

    @Provide
    Arbitrary<Step> step() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 6).map(Step.Write::new)),
                net.jqwik.api.Tuple.of(8, Arbitraries.of(Fault.class).map(Step.Turn::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 1000).map(Step.LateReplay::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Step.RestartControlPlane())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Step.CrashWorkspace())));
    }

    /** Migrated once: a schedule starts from copies, since migrating two databases per try dominated the run. */
    private static Path template;

    private static synchronized Path template() throws IOException {
        if (template == null) {
            Path dir = Files.createTempDirectory("convergence-template");
            new ManagedWorkspace(dir).close();
            new ControlPlane(dir, false).close();
            template = dir;
        }
        return template;
    }

    @Property(tries = 1000)
    void replicationUnderFaultsConverges(@ForAll @IntRange(min = 1, max = 12) int rows,
                                         @ForAll @Size(max = 40) List<@From("step") Step> schedule) throws Exception {
        Path dir = Files.createTempDirectory("convergence");
        for (String db : List.of(ManagedWorkspace.DATABASE, ControlPlane.DATABASE)) {
            Files.copy(template().resolve(db), dir.resolve(db));
        }
        List<PersistCommand> stream = ManagedWorkspace.sessionStream(rows);
        World world = new World(dir);
        try {
            int written = 0;
            for (Step step : schedule) {
                switch (step) {
                    case Step.Write write -> {
                        int end = Math.min(stream.size(), written + write.commands());
                        world.managed.write(stream.subList(written, end));
                        written = end;
                    }
                    case Step.Turn turn -> world.turn(turn.fault());
                    case Step.LateReplay replay -> world.replayLate(replay.pick());
                    case Step.RestartControlPlane restart -> world.restartControlPlane();
                    case Step.CrashWorkspace crash -> world.crashWorkspace();
                }
            }
            world.managed.write(stream.subList(written, stream.size()));
            // The faults stop: the writer keeps turning until its outbox is empty.
            for (int turn = 0; turn < 4 * stream.size() + 10 && world.writer.pending() > 0; turn++) {
                world.turn(Fault.NONE);
            }
            world.writer.awaitDeletes();

            int n = stream.size();
            assertThat(world.writer.state()).isInstanceOf(SyncWriter.State.Running.class);
            assertThat(world.outboxDepth()).isZero();
            assertThat(Rows.dump(world.control.database)).isEqualTo(Rows.dump(world.managed.database));
            assertThat(Rows.count(world.control.database, "SELECT count(*) FROM sync_log")).isEqualTo(n);
            assertThat(Rows.count(world.control.database, "SELECT count(DISTINCT sequence) FROM sync_log")).isEqualTo(n);
            assertThat(Rows.count(world.control.database, "SELECT max(sequence) FROM sync_log")).isEqualTo(n);
            assertThat(world.control.ackedThrough()).isEqualTo(n);
        } finally {
            world.close();
        }
    }

    /** Both machines and the faulty network between them. */
    private static final class World implements SyncTransport, AutoCloseable {
        private final Path dir;
        private final List<byte[]> sent = new ArrayList<>();
        private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
        ManagedWorkspace managed;
        ControlPlane control;
        SyncWriter writer;
        private Fault fault = Fault.NONE;

        World(Path dir) {
            this.dir = dir;
            managed = new ManagedWorkspace(dir);
            control = new ControlPlane(dir, false);
            control.createWorkspace();
            writer = newWriter();
        }

        private SyncWriter newWriter() {
            return new SyncWriter(managed.database, managed.writer, ManagedWorkspace.WORKSPACE, 1, this, clock,
                    new Random(7), OPTIONS);
        }

        void turn(Fault next) throws InterruptedException {
            fault = next;
            if (writer.running()) {
                writer.turn();
            }
        }

        long outboxDepth() {
            return Rows.count(managed.database, "SELECT COUNT(*) FROM sync_outbox");
        }

        void replayLate(int pick) {
            if (!sent.isEmpty()) {
                deliver(sent.get(pick % sent.size()), false);
            }
        }

        void restartControlPlane() {
            control.close();
            control = new ControlPlane(dir, false);
        }

        void crashWorkspace() {
            writer.close();
            managed.close();
            managed = new ManagedWorkspace(dir);
            writer = newWriter();
        }

        @Override
        public Response post(byte[] body, boolean gzipped) throws IOException {
            byte[] json = gzipped ? new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes() : body;
            sent.add(json);
            switch (fault) {
                case DROP_REQUEST -> throw new IOException("request lost");
                case DROP_RESPONSE -> {
                    deliver(json, false);
                    throw new IOException("response lost");
                }
                case DUPLICATE -> deliver(json, false);
                case NONE -> { }
            }
            return deliver(json, true);
        }

        /** What the receiver answers, with the status and body the HTTP layer would give it. */
        private Response deliver(byte[] json, boolean answer) {
            try {
                SyncAck ack = control.receiver.receive(TOKEN, SyncJson.receive(json));
                return new Response(200, "{\"acked_through\":" + ack.ackedThrough() + "}");
            } catch (SyncRejection.SequenceGap gap) {
                return new Response(409, "{\"code\":\"sync_sequence_gap\",\"expected\":" + gap.expected() + "}");
            } catch (SyncRejection other) {
                if (answer) {
                    throw new AssertionError("a fault-free client never earns " + other, other);
                }
                return null; // a late copy may be refused; nobody waits for its answer
            }
        }

        @Override
        public void close() {
            writer.close();
            managed.close();
            control.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
