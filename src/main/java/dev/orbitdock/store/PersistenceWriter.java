package dev.orbitdock.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the database. One thread owns the write connection, drains a bounded queue and commits
 * what it took (at most {@value #MAX_BATCH} commands, never waiting for more) in one transaction. {@link #submit}
 * blocks while the queue is full, so nothing is ever dropped. A command that fails is rolled back alone: the batch
 * is retried entry by entry under savepoints, so one bad command never takes its neighbours down with it.
 * In managed mode ({@link SyncOutbox}) each replicated command is also appended to the outbox in the same
 * transaction. {@link #submitWork} queues code rather than commands (sync replay): it is one entry like any other,
 * with the same isolation, and the commands it applies reach the {@link CommitListener} after commit. Because a
 * failed batch is retried entry by entry, work may run twice and must keep no state outside its transaction.
 */
public final class PersistenceWriter implements AutoCloseable {
    static final int MAX_BATCH = 50;
    /** Queued entries before {@link #submit} blocks. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    private static final Logger log = LoggerFactory.getLogger(PersistenceWriter.class);
    private static final Entry POISON = new Entry.Commands(List.of(), null);

    private final Database database;
    private final SyncOutbox outbox;
    private final Connection connection;
    private final CommandApplier applier;
    private final PayloadText payloads = new PayloadText();
    private final CommitListener listener;
    private final BlockingQueue<Entry> queue;
    private final Thread thread;
    private final AtomicLong committedCommands = new AtomicLong();
    private final AtomicLong failedCommands = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private volatile boolean accepting = true;

    /** One submission: it commits together or not at all. */
    private sealed interface Entry {
        /** Commands counted towards {@link #MAX_BATCH}; work counts as one. */
        int weight();

        record Commands(List<PersistCommand> commands, CompletableFuture<List<Applied>> result) implements Entry {
            public int weight() {
                return commands.size();
            }
        }

        record Work<T>(TransactionWork<T> work, CompletableFuture<T> result) implements Entry {
            public int weight() {
                return 1;
            }
        }
    }

    /** What running one entry produced: the work's value (if any) and the commands applied for the listener. */
    private record Outcome(Object value, List<Applied> applied) {}

    public PersistenceWriter(Database database, CommitListener listener, int queueCapacity) {
        this(database, listener, queueCapacity, null);
    }

    /** @param outbox in managed mode, where replicated commands are also appended; null on the control plane */
    public PersistenceWriter(Database database, CommitListener listener, int queueCapacity, SyncOutbox outbox) {
        this.outbox = outbox;
        this.database = database;
        this.connection = database.writeConnection();
        this.applier = new CommandApplier(connection, payloads);
        this.listener = listener;
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.thread = Thread.ofPlatform().name("persistence-writer").unstarted(this::run);
        thread.start();
    }

    public PersistenceWriter(Database database, CommitListener listener) {
        this(database, listener, DEFAULT_QUEUE_CAPACITY);
    }

    /** Queues a command; blocks while the queue is full. Failures are logged, not reported to the caller. */
    public void submit(PersistCommand command) {
        enqueue(new Entry.Commands(List.of(command), null));
    }

    /** Queues a command and returns what applying it did, once committed. */
    public CompletableFuture<Applied> submitForResult(PersistCommand command) {
        return submitAtomically(List.of(command)).thenApply(applied -> applied.getFirst());
    }

    /** Queues commands that commit together or not at all. */
    public CompletableFuture<List<Applied>> submitAtomically(List<? extends PersistCommand> commands) {
        CompletableFuture<List<Applied>> result = new CompletableFuture<>();
        enqueue(new Entry.Commands(List.copyOf(commands), result));
        return result;
    }

    /**
     * Queues work that runs inside the writer's transaction as one entry: if it throws, its effects are rolled
     * back (neighbours in the batch are unaffected) and the future fails with what it threw.
     */
    public <T> CompletableFuture<T> submitWork(TransactionWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        enqueue(new Entry.Work<>(work, result));
        return result;
    }

    /** Submits and waits: the common case for request handlers and CLI commands. */
    public Applied write(PersistCommand command) {
        return join(submitForResult(command));
    }

    public List<Applied> writeAll(List<? extends PersistCommand> commands) {
        return join(submitAtomically(commands));
    }

    public WriterStats stats() {
        return new WriterStats(committedCommands.get(), failedCommands.get(), transactions.get(), queue.size());
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private void enqueue(Entry entry) {
        if (!accepting) {
            throw new WriterClosedException();
        }
        try {
            queue.put(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for room in the write queue", e);
        }
    }

    private void run() {
        List<Entry> batch = new ArrayList<>();
        while (true) {
            Entry first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                continue; // only close() ends the loop, so a stray interrupt cannot lose queued writes
            }
            if (first == POISON) {
                if (queue.isEmpty()) {
                    return;
                }
                queue.add(POISON); // entries raced in behind it: write them first
                continue;
            }
            batch.add(first);
            int size = first.weight();
            Entry next;
            while (size < MAX_BATCH && (next = queue.peek()) != null && next != POISON) {
                queue.poll();
                batch.add(next);
                size += next.weight();
            }
            writeBatch(batch);
            batch.clear();
        }
    }

    private void writeBatch(List<Entry> batch) {
        List<Outcome> results = new ArrayList<>(batch.size());
        try {
            connection.setAutoCommit(false);
            try {
                for (Entry entry : batch) {
                    results.add(run(entry));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                writeOneByOne(batch);
                return;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            failAll(batch, Database.translate(e, database.file()));
            return;
        }
        transactions.incrementAndGet();
        for (int i = 0; i < batch.size(); i++) {
            succeed(batch.get(i), results.get(i));
        }
        notifyListener(results);
    }

    /** Slow path after a failed batch: each entry under its own savepoint, still one transaction. */
    private void writeOneByOne(List<Entry> batch) throws SQLException {
        List<Outcome> results = new ArrayList<>(batch.size());
        List<RuntimeException> failures = new ArrayList<>(batch.size());
        for (Entry entry : batch) {
            Savepoint savepoint = connection.setSavepoint();
            try {
                results.add(run(entry));
                failures.add(null);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                connection.rollback(savepoint);
                results.add(null);
                failures.add(e instanceof RuntimeException r ? r : Database.translate((SQLException) e, database.file()));
            }
        }
        connection.commit();
        transactions.incrementAndGet();
        List<Outcome> committed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (failures.get(i) == null) {
                succeed(batch.get(i), results.get(i));
                committed.add(results.get(i));
            } else {
                fail(batch.get(i), failures.get(i));
            }
        }
        notifyListener(committed);
    }

    private Outcome run(Entry entry) throws SQLException {
        return switch (entry) {
            case Entry.Commands c -> {
                List<Applied> applied = applyAll(c.commands());
                yield new Outcome(applied, applied);
            }
            case Entry.Work<?> w -> {
                List<Applied> applied = new ArrayList<>();
                Object value = w.work().run(new WorkContext() {
                    @Override
                    public Connection connection() {
                        return connection;
                    }

                    @Override
                    public Applied apply(PersistCommand command) throws SQLException {
                        Applied one = applyOne(command);
                        applied.add(one);
                        return one;
                    }
                });
                yield new Outcome(value, applied);
            }
        };
    }

    private Applied applyOne(PersistCommand command) throws SQLException {
        try {
            Applied applied = applier.apply(command);
            if (outbox != null) {
                outbox.appendIfReplicated(connection, command, payloads);
            }
            return applied;
        } finally {
            payloads.forget(); // the next command may carry the same node, changed since by its owner
        }
    }

    private List<Applied> applyAll(List<PersistCommand> commands) throws SQLException {
        List<Applied> applied = new ArrayList<>(commands.size());
        for (PersistCommand command : commands) {
            applied.add(applyOne(command));
        }
        return applied;
    }

    @SuppressWarnings("unchecked")
    private void succeed(Entry entry, Outcome outcome) {
        committedCommands.addAndGet(outcome.applied().size());
        switch (entry) {
            case Entry.Commands c -> {
                if (c.result() != null) {
                    c.result().complete(outcome.applied());
                }
            }
            case Entry.Work<?> w -> ((CompletableFuture<Object>) w.result()).complete(outcome.value());
        }
    }

    private void fail(Entry entry, RuntimeException error) {
        switch (entry) {
            case Entry.Commands c -> {
                failedCommands.addAndGet(c.commands().size());
                if (c.result() != null) {
                    c.result().completeExceptionally(error);
                } else {
                    // Type names only: command values may hold secrets.
                    log.warn("write of {} failed: {}", c.commands().stream()
                            .map(command -> StoreJson.typeName(command.getClass())).toList(), error.getMessage());
                }
            }
            case Entry.Work<?> w -> w.result().completeExceptionally(error);
        }
    }

    private void failAll(List<Entry> batch, RuntimeException error) {
        batch.forEach(entry -> fail(entry, error));
    }

    private void notifyListener(List<Outcome> results) {
        List<Applied> flat = new ArrayList<>();
        results.forEach(outcome -> flat.addAll(outcome.applied()));
        if (flat.isEmpty()) {
            return;
        }
        try {
            listener.committed(flat);
        } catch (RuntimeException e) {
            log.warn("commit listener failed: {}", e.toString());
        }
    }

    /** Stops accepting, writes everything already queued, and returns once it is committed. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public void close(Duration deadline) {
        if (!accepting) {
            return;
        }
        accepting = false;
        try {
            queue.put(POISON);
            if (!thread.join(deadline)) {
                log.error("persistence writer did not finish within {}; {} entries unwritten", deadline, queue.size());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // A submit that passed the accepting check while we closed may have queued behind the poison pill.
        Entry late;
        while ((late = queue.poll()) != null) {
            if (late != POISON) {
                fail(late, new WriterClosedException());
            }
        }
        try {
            applier.close();
            if (outbox != null) {
                outbox.close();
            }
        } catch (SQLException e) {
            log.debug("closing statements failed: {}", e.toString());
        }
    }

    /** Counters for diagnostics and benchmarks. */
    public record WriterStats(long committedCommands, long failedCommands, long transactions, int queued) {}
}
