package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.store.TokenUsageCommand;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes one agent session into the store. Rows and progress are fire-and-forget ({@link PersistenceWriter#submit}
 * blocks on back-pressure, never drops); {@link #start} and {@link #end} wait for the commit, so a session exists
 * before its first row and everything is durable when the agent's exit is reported. The writer commits in queue
 * order, so rows of one caller thread land in the order they were recorded.
 */
public final class SessionRecorder {
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final PersistenceWriter writer;
    private final IdGenerator ids;
    private final Clock clock;
    private final Duration progressInterval;
    private final Map<String, ProgressThrottle> progress = new ConcurrentHashMap<>();

    public SessionRecorder(PersistenceWriter writer, IdGenerator ids, Clock clock) {
        this(writer, ids, clock, DEFAULT_PROGRESS_INTERVAL);
    }

    /** @param progressInterval at most one progress update per session per interval reaches the writer */
    public SessionRecorder(PersistenceWriter writer, IdGenerator ids, Clock clock, Duration progressInterval) {
        this.writer = writer;
        this.ids = ids;
        this.clock = clock;
        this.progressInterval = progressInterval;
    }

    /** Creates the session row (status {@code working}) and waits for it to commit. */
    public void start(AgentLaunch launch, String provider) {
        writer.write(new SessionCommand.Create(launch.sessionId(), provider, "working", launch.workspaceId(),
                launch.missionIssueId(), launch.workdir().toString(), null, clock.instant()));
    }

    /** Appends a conversation row; returns its id. */
    public String row(String sessionId, String turnId, String rowType, JsonNode payload) {
        String rowId = ids.newId();
        writer.submit(new ConversationCommand.Append(rowId, sessionId, turnId, rowType, payload, clock.instant()));
        return rowId;
    }

    /**
     * Writes a conversation row under a caller-chosen id, replacing the row's content in place (same sequence) when
     * it exists: an item the agent reports again as it finishes stays one row.
     */
    public void upsertRow(String sessionId, String rowId, String turnId, String rowType, JsonNode payload) {
        writer.submit(new ConversationCommand.Upsert(rowId, sessionId, turnId, rowType, payload, clock.instant()));
    }

    /** Records the agent's own session id (what resumes it) and model; a null leaves that field as it is. */
    public void describe(String sessionId, String externalSessionId, String model) {
        writer.submit(new SessionCommand.Update(sessionId, Patch.absent(), optional(model), Patch.absent(),
                optional(externalSessionId), Patch.absent(), Patch.absent()));
    }

    /** Sets the session's status ({@code working} while the agent is on a turn, {@code waiting} after it). */
    public void status(String sessionId, String status) {
        writer.submit(new SessionCommand.Update(sessionId, Patch.set(status), Patch.absent(), Patch.absent(),
                Patch.absent(), Patch.absent(), Patch.absent()));
    }

    private static <T> Patch<T> optional(T value) {
        return value == null ? Patch.absent() : Patch.set(value);
    }

    /** Records token usage reported by the agent. */
    public void tokenUsage(String sessionId, String turnId, String model, long inputTokens, long outputTokens,
                           long cachedInputTokens, BigDecimal costUsd) {
        writer.submit(new TokenUsageCommand.Add(sessionId, turnId, model, inputTokens, outputTokens,
                cachedInputTokens, costUsd, clock.instant()));
    }

    /**
     * The agent did something (output, a tool call): sets last activity and last progress to now, throttled to one
     * update per interval; a throttled one is kept and written by the next update or by {@link #end}, so the stored
     * time is never behind by more than the interval while the agent keeps going, and exact at the end.
     */
    public void progress(String sessionId) {
        progress.computeIfAbsent(sessionId, ProgressThrottle::new).record(clock.instant());
    }

    /** Flushes pending progress, ends the session with the exit's reason, and waits for the commit. */
    public void end(String sessionId, AgentExit exit) {
        ProgressThrottle throttle = progress.remove(sessionId);
        if (throttle != null) {
            throttle.flush();
        }
        writer.write(new SessionCommand.End(sessionId, exit.reason(), clock.instant()));
    }

    /** Per-session throttle; the lock keeps updates from stdout and stderr readers in time order. */
    private final class ProgressThrottle {
        private final String sessionId;
        private final ReentrantLock lock = new ReentrantLock();
        private Instant lastWritten;
        private Instant pending;

        ProgressThrottle(String sessionId) {
            this.sessionId = sessionId;
        }

        void record(Instant now) {
            lock.lock();
            try {
                if (lastWritten == null || !now.isBefore(lastWritten.plus(progressInterval))) {
                    write(now);
                } else {
                    pending = now;
                }
            } finally {
                lock.unlock();
            }
        }

        void flush() {
            lock.lock();
            try {
                if (pending != null) {
                    write(pending);
                }
            } finally {
                lock.unlock();
            }
        }

        private void write(Instant at) {
            lastWritten = at;
            pending = null;
            writer.submit(new SessionCommand.Update(sessionId, Patch.absent(), Patch.absent(), Patch.absent(),
                    Patch.absent(), Patch.set(at), Patch.set(at)));
        }
    }
}
