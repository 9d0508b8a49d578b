package dev.orbitdock.mission;

import dev.orbitdock.common.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's one scheduler thread: every second it ticks each mission that is due (its {@code
 * trigger.interval} has passed, or {@code mission trigger} asked), and it runs the dispatch passes that fill
 * freed slots. Everything runs on that thread, so a dispatch pass never overlaps a tick.
 */
final class TickLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TickLoop.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /** What the loop runs for a mission. */
    interface Cycle {
        /** A whole cycle: poll, reconcile, dispatch … */
        void tick(String missionId);

        /** Only the dispatch of queued issues, no tracker poll. */
        void dispatch(String missionId);
    }

    private final MissionQueries queries;
    private final Clock clock;
    private final Cycle cycle;
    private final Map<String, Instant> nextPoll = new ConcurrentHashMap<>();
    /** Missions with a dispatch pass queued and not yet started: that pass will see any slot freed meanwhile. */
    private final Set<String> dispatchQueued = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService scheduler;

    TickLoop(MissionQueries queries, Clock clock, Cycle cycle) {
        this.queries = queries;
        this.clock = clock;
        this.cycle = cycle;
    }

    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("orchestrator").factory());
        scheduler.scheduleWithFixedDelay(this::tickDue, 0, 1, TimeUnit.SECONDS);
    }

    /** When the mission's next poll is due (a tick sets it from its {@code trigger.interval}). */
    void pollAgainAt(String missionId, Instant due) {
        nextPoll.put(missionId, due);
    }

    /** A freed slot is filled at once rather than at the next poll; agents ending together share one pass. */
    void dispatchSoon(String missionId) {
        ScheduledExecutorService current = scheduler;
        if (current == null || current.isShutdown() || !dispatchQueued.add(missionId)) {
            return;
        }
        try {
            current.execute(() -> {
                dispatchQueued.remove(missionId); // before the pass reads: a slot freed from now on gets a new one
                try {
                    cycle.dispatch(missionId);
                } catch (RuntimeException e) {
                    log.warn("dispatch after an agent exit failed: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            dispatchQueued.remove(missionId); // shutting down: the next start resumes from the database
        }
    }

    private void tickDue() {
        Instant now = clock.instant();
        for (MissionRecord mission : queries.missions()) {
            if (mission.triggerPending() || !now.isBefore(nextPoll.getOrDefault(mission.id(), Instant.MIN))) {
                try {
                    cycle.tick(mission.id());
                } catch (RuntimeException e) {
                    log.error("tick of mission {} failed", mission.name(), e);
                }
            }
        }
    }

    /**
     * Stops scheduling and waits for a tick or pass in progress to end, so none of them still reads the database
     * once its owner closes it.
     */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    log.warn("a mission tick was still running {} after shutdown", Durations.format(CLOSE_WAIT));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
