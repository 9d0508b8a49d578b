package dev.orbitdock.mission;

import static org.awaitility.Awaitility.await;

import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.Applied;
import dev.orbitdock.store.CommitListener;
import dev.orbitdock.store.MissionCommand;
import dev.orbitdock.store.MissionIssueCommand;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.workspace.WorkspaceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The orchestrator's state machine under random orders of events (ARCHITECTURE.md §5): a real
 * {@link MissionOrchestrator} over a real SQLite store, with a scripted tracker, workspace provider and agents and a
 * hand-moved clock. After every event the test waits until the orchestrator's own asynchronous work is over, then
 * checks the invariants:
 * <ol>
 *   <li>every committed state change is in the automatic or the manual transition table;</li>
 *   <li>at most {@code max_concurrent} issues are claimed, provisioning or running, and no more agents live;</li>
 *   <li>at most {@code 1 + max_retries} attempts, and {@code retry_queued} always has a {@code retry_due_at};</li>
 *   <li>nothing is left half-done: no issue stays claimed (or stalled, or failed with attempts left);</li>
 *   <li>one agent per issue, and only running issues have (watched) agents;</li>
 *   <li>in the end, with agents succeeding and the clock far ahead, every issue still in the tracker settles.</li>
 * </ol>
 * Only the test thread ticks (see {@code Trial.trackerFor}); the story of each try is printed with any failure.
 */
class OrchestratorProperties {
    /** Directories of tries still running: shrinking abandons its last try when it runs out of time. */
    private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();

    @Property(tries = 150)
    void theStateMachineHoldsUnderAnyOrderOfEvents(@ForAll("settings") Settings settings,
                                                   @ForAll("scenarios") List<Event> events) throws IOException {
        Path dir = Files.createTempDirectory("orchestrator-properties");
        DIRS.add(dir);
        try (Trial trial = new Trial(dir, settings)) {
            trial.run(events);
        } finally {
            deleteRecursively(dir);
            DIRS.remove(dir);
        }
    }

    @AfterContainer
    static void removeAbandonedTries() {
        for (Path dir : DIRS) {
            try {
                deleteRecursively(dir);
            } catch (IOException | java.io.UncheckedIOException e) {
                // best effort: the abandoned try may still be writing there
            }
        }
    }

    // ---------------------------------------------------------------- what varies

    /**
     * The MISSION.md of one try, and how long a killed agent keeps running: no time, or the command agent's default
     * grace between SIGTERM and SIGKILL (an agent may ignore SIGTERM).
     */
    record Settings(int maxConcurrent, int maxRetries, Duration maxBackoff, Duration killGrace) {
        static final Duration COMMAND_AGENT_KILL_GRACE = Duration.ofSeconds(5);
        static final Duration STALL_TIMEOUT = Duration.ofMinutes(5);

        String missionFile() {
            return "---\n"
                    + "tracker: {kind: local}\n"
                    + "provider: {max_concurrent: " + maxConcurrent + "}\n"
                    + "trigger: {interval: 1000h}\n" // the scheduler ticks once after start(); the test ticks after that
                    + "orchestration: {max_retries: " + maxRetries + ", max_backoff: " + maxBackoff.toSeconds()
                    + "s, stall_timeout: " + STALL_TIMEOUT.toMinutes() + "m}\n"
                    + "agent: {kind: command, command: {run: \"true\"}}\n"
                    + "---\n"
                    + "Work on {{ issue.identifier }}, attempt {{ attempt }}.\n";
        }

        @Override
        public String toString() {
            return "max_concurrent=" + maxConcurrent + ", max_retries=" + maxRetries + ", max_backoff="
                    + maxBackoff.toSeconds() + "s, " + (killGrace.isZero() ? "killed agents die at once"
                    : "killed agents die " + killGrace.toSeconds() + "s later");
        }
    }

    /** One thing that happens. Indexes pick among what exists at the time (modulo its size). */
    sealed interface Event {}

    record AddIssue(int priority) implements Event {
        @Override
        public String toString() {
            return "tracker gets a new issue (priority " + priority + ")";
        }
    }

    record Tick() implements Event {
        @Override
        public String toString() {
            return "tick";
        }
    }

    enum Jump { SMALL, PAST_MAX_BACKOFF, PAST_STALL_TIMEOUT }

    record Advance(Jump jump) implements Event {
        Duration by(Settings settings) {
            return switch (jump) {
                case SMALL -> Duration.ofSeconds(3);
                case PAST_MAX_BACKOFF -> settings.maxBackoff().plusSeconds(1);
                case PAST_STALL_TIMEOUT -> Settings.STALL_TIMEOUT.plusSeconds(1);
            };
        }

        @Override
        public String toString() {
            return switch (jump) {
                case SMALL -> "clock +3s";
                case PAST_MAX_BACKOFF -> "clock past max_backoff";
                case PAST_STALL_TIMEOUT -> "clock past stall_timeout";
            };
        }
    }

    record AgentExits(int which, int status) implements Event {
        @Override
        public String toString() {
            return "live agent #" + which + " exits with status " + status;
        }
    }

    record AgentProgresses(int which) implements Event {
        @Override
        public String toString() {
            return "live agent #" + which + " makes progress";
        }
    }

    record TrackerCloses(int which) implements Event {
        @Override
        public String toString() {
            return "tracker closes issue #" + which;
        }
    }

    record TrackerDeletes(int which) implements Event {
        @Override
        public String toString() {
            return "tracker deletes issue #" + which;
        }
    }

    record TrackerOutage(boolean down) implements Event {
        @Override
        public String toString() {
            return down ? "tracker goes down" : "tracker comes back";
        }
    }

    record FailNextCreate() implements Event {
        @Override
        public String toString() {
            return "next workspace create fails";
        }
    }

    record ManualTransition(int which, OrchestrationState to) implements Event {
        @Override
        public String toString() {
            return "person moves mission issue #" + which + " to " + to.wire();
        }
    }

    record SetPaused(boolean paused) implements Event {
        @Override
        public String toString() {
            return paused ? "pause" : "resume";
        }
    }

    record Restart() implements Event {
        @Override
        public String toString() {
            return "restart the orchestrator";
        }
    }

    @Provide
    Arbitrary<Settings> settings() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 2),
                        Arbitraries.of(2, 5, 10, 40).map(Duration::ofSeconds),
                        Arbitraries.of(Duration.ZERO, Settings.COMMAND_AGENT_KILL_GRACE))
                .as(Settings::new);
    }

    @Provide
    Arbitrary<List<Event>> scenarios() {
        Arbitrary<Integer> which = Arbitraries.integers().between(0, 3);
        Arbitrary<Event> event = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 4).map(AddIssue::new)),
                Tuple.of(6, Arbitraries.just(new Tick())),
                Tuple.of(4, Arbitraries.of(Jump.class).map(Advance::new)),
                Tuple.of(4, Combinators.combine(which, Arbitraries.of(0, 3)).as(AgentExits::new)),
                Tuple.of(1, which.map(AgentProgresses::new)),
                Tuple.of(1, which.map(TrackerCloses::new)),
                Tuple.of(1, which.map(TrackerDeletes::new)),
                Tuple.of(1, Arbitraries.of(true, false).map(TrackerOutage::new)),
                Tuple.of(1, Arbitraries.just(new FailNextCreate())),
                Tuple.of(3, Combinators.combine(which, Arbitraries.frequencyOf(
                                Tuple.of(2, Arbitraries.of(OrchestrationState.QUEUED, OrchestrationState.BLOCKED)),
                                Tuple.of(1, Arbitraries.of(OrchestrationState.class))))
                        .as(ManualTransition::new)),
                Tuple.of(1, Arbitraries.of(true, false).map(SetPaused::new)),
                Tuple.of(1, Arbitraries.just(new Restart())));
        Arbitrary<List<Event>> firstIssues = Arbitraries.integers().between(0, 4).map(AddIssue::new)
                .map(Event.class::cast).list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(firstIssues, event.list().ofMaxSize(35))
                .as((first, rest) -> Stream.concat(first.stream(), rest.stream()).toList());
    }

    // ---------------------------------------------------------------- one try

    /** The system under test, the fakes around it, and what happened so far (printed with any failure). */
    private static final class Trial implements AutoCloseable {
        private static final String BARRIER_SESSION = "test-barrier";
        private static final String REFUSED = "no tracker off the test thread: only the test polls and dispatches";
        private static final Duration LAUNCH_WAIT = Duration.ofSeconds(10);
        private static final Duration QUIET_WAIT = Duration.ofSeconds(3);

        private final Settings settings;
        private final Path dataDir;
        private final Thread driver = Thread.currentThread();
        private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
        private final StateHistory history = new StateHistory(BARRIER_SESSION, REFUSED);
        private final TestStore store;
        private final MissionQueries queries;
        private final MissionService service;
        private final FakeTracker tracker;
        private final FakeWorkspaceProvider provider;
        private final String missionId;
        private final List<String> story = new ArrayList<>();
        private MissionOrchestrator orchestrator;
        private boolean paused;
        private int barriers;

        Trial(Path dir, Settings settings) throws IOException {
            this.settings = settings;
            Path repo = Files.createDirectories(dir.resolve("repo"));
            Files.writeString(repo.resolve("MISSION.md"), settings.missionFile());
            dataDir = Files.createDirectories(dir.resolve("data"));
            store = TestStore.open(dataDir, history);
            queries = new MissionQueries(store.database());
            service = new MissionService(queries, store.writer(), clock, IdGenerator.random());
            tracker = new FakeTracker(clock, driver);
            provider = new FakeWorkspaceProvider(store.writer(), clock, settings.maxConcurrent(), settings.killGrace());
            story.add("settings: " + settings);
            try {
                store.writer().write(new SessionCommand.Create(BARRIER_SESSION, "test", "idle", null, null, null,
                        null, clock.instant()));
                missionId = service.add(repo).id();
                orchestrator = startOrchestrator();
            } catch (RuntimeException | AssertionError e) {
                store.close();
                throw e;
            }
        }

        void run(List<Event> events) {
            try {
                settle();
                for (int i = 0; i < events.size(); i++) {
                    String effect = apply(events.get(i));
                    settle();
                    story.add((i + 1) + ". " + events.get(i) + (effect.isEmpty() ? "" : " (" + effect + ")")
                            + "  =>  " + summary());
                    checkInvariants();
                }
                everythingSettlesInTheEnd();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n\nWhat happened:\n  " + String.join("\n  ", story), e);
            }
        }

        // ------------------------------------------------------------ events

        private String apply(Event event) {
            return switch (event) {
                case AddIssue add -> "added " + tracker.add(add.priority());
                case Tick tick -> {
                    orchestrator.tick(missionId);
                    yield "";
                }
                case Advance advance -> {
                    clock.advance(advance.by(settings));
                    yield "";
                }
                case AgentExits exits -> onLiveAgent(exits.which(), agent -> agent.exitWith(exits.status()));
                case AgentProgresses progress -> onLiveAgent(progress.which(), agent -> store.writer().write(
                        new SessionCommand.Update(agent.sessionId(), Patch.absent(), Patch.absent(), Patch.absent(),
                                Patch.absent(), Patch.set(clock.instant()), Patch.set(clock.instant()))));
                case TrackerCloses close -> onTrackerIssue(close.which(), tracker::close);
                case TrackerDeletes delete -> onTrackerIssue(delete.which(), tracker::delete);
                case TrackerOutage outage -> {
                    tracker.setDown(outage.down());
                    yield "";
                }
                case FailNextCreate fail -> {
                    provider.failNextCreate();
                    yield "";
                }
                case ManualTransition move -> manualTransition(move);
                case SetPaused pause -> {
                    service.setPaused(missionId, pause.paused());
                    paused = pause.paused();
                    yield "";
                }
                case Restart restart -> {
                    orchestrator.close();
                    orchestrator = startOrchestrator();
                    yield "";
                }
            };
        }

        private String onLiveAgent(int which, Consumer<ScriptedAgent> action) {
            List<ScriptedAgent> live = provider.live();
            if (live.isEmpty()) {
                return "no live agent";
            }
            ScriptedAgent agent = live.get(which % live.size());
            action.accept(agent);
            return "the agent of " + identifier(agent.issueId());
        }

        private String onTrackerIssue(int which, Consumer<String> action) {
            List<String> ids = tracker.ids();
            if (ids.isEmpty()) {
                return "no issue";
            }
            String id = ids.get(which % ids.size());
            action.accept(id);
            return id;
        }

        /** Allowed moves happen; every other one is refused with InvalidTransitionException and changes nothing. */
        private String manualTransition(ManualTransition move) {
            List<MissionIssue> issues = queries.issues(missionId);
            if (issues.isEmpty()) {
                return "no issue";
            }
            MissionIssue issue = issues.get(move.which() % issues.size());
            OrchestrationState from = issue.state();
            boolean allowed = Transitions.manualAllowed(from, move.to());
            String what = issue.identifier() + " " + from.wire() + " -> " + move.to().wire();
            try {
                MissionIssue moved = service.transition(issue.id(), move.to());
                check(allowed, "manual move " + what + " was accepted, but the table does not allow it");
                check(moved.state() == move.to(), "manual move " + what + " left the issue " + moved.state().wire());
                return what;
            } catch (InvalidTransitionException refused) {
                check(!allowed, "manual move " + what + " is in the table but was refused: " + refused.getMessage());
                OrchestrationState now = stateOf(issue.id());
                check(now == from, "refused manual move " + what + " still changed the state to " + now.wire());
                return "refused: " + what;
            }
        }

        /** A new orchestrator, started as `orbitdock start` does; returns once its first scheduled tick is over. */
        private MissionOrchestrator startOrchestrator() {
            int refusedBefore = history.refusedPolls();
            MissionOrchestrator started = new MissionOrchestrator(new MissionOrchestrator.Deps(queries,
                    store.writer(), clock, IdGenerator.random(), (mission, config) -> trackerFor(),
                    Map.of(WorkspaceKind.LOCAL, provider), dataDir));
            started.start();
            try {
                awaitOr(LAUNCH_WAIT, () -> history.refusedPolls() > refusedBefore,
                        () -> "the first scheduled tick of the new orchestrator did not finish");
            } catch (AssertionError e) {
                started.close();
                throw e;
            }
            return started;
        }

        /**
         * Work on the orchestrator's own scheduler thread (its ticks, and the dispatch pass it runs after an agent
         * exit) would race with the test's ticks, and nothing tells the test when it is over. It gets no tracker (as
         * with missing credentials), which ends it before it changes anything: a tick with a poll error the test can
         * wait for, a dispatch pass with a logged warning. Restart recovery runs on the thread calling start() and
         * gets the real tracker.
         */
        private Tracker trackerFor() {
            if (Thread.currentThread() != driver) {
                throw new OrbitDockException("tracker_refused", REFUSED, "none");
            }
            return tracker;
        }

        // ------------------------------------------------------------ waiting for the orchestrator

        /**
         * Waits until every launch the orchestrator claimed has reached the workspace provider (an agent started, a
         * create failed, or the tracker read that precedes it failed), kills whose grace is over have taken effect,
         * every agent exit has been handled, and no issue is in a state the orchestrator leaves at once; then until
         * the commit listener has seen every commit.
         */
        private void settle() {
            awaitOr(LAUNCH_WAIT, () -> {
                if (claims() != launchesThatReachedTheFakes()) {
                    return false;
                }
                provider.agents().forEach(ScriptedAgent::finishKillIfDue);
                return provider.agents().stream().allMatch(ScriptedAgent::handled);
            }, () -> "the orchestrator did not settle: " + claims() + " claims, but " + provider.started()
                    + " agents started, " + provider.failedCreates() + " creates failed and "
                    + tracker.failedAsyncReads() + " launch reads failed; agents: " + provider.agents());
            awaitOr(QUIET_WAIT, () -> inFlight().isEmpty(), () -> "invariant 4 (nothing half-done): after the"
                    + " step settled, " + inFlight() + " never moved on (claimed, provisioning and stalled are left at"
                    + " once, and failed with attempts left becomes retry_queued)");
            String mark = Integer.toString(++barriers);
            store.writer().write(new SessionCommand.Update(BARRIER_SESSION, Patch.absent(), Patch.absent(),
                    Patch.set(mark), Patch.absent(), Patch.absent(), Patch.absent()));
            awaitOr(LAUNCH_WAIT, () -> history.barrier().equals(mark), () -> "the commit listener fell behind");
        }

        /** Every move into CLAIMED starts one launch (attempts can go back down: a manual requeue resets them). */
        private long claims() {
            return history.states().values().stream()
                    .mapToLong(states -> states.stream().filter(s -> s == OrchestrationState.CLAIMED).count()).sum();
        }

        private long launchesThatReachedTheFakes() {
            return provider.started() + provider.failedCreates() + tracker.failedAsyncReads();
        }

        /** Issues in a state the orchestrator is expected to leave within the same step. */
        private List<String> inFlight() {
            return queries.issues(missionId).stream()
                    .filter(i -> i.state() == OrchestrationState.CLAIMED || i.state() == OrchestrationState.PROVISIONING
                            || i.state() == OrchestrationState.STALLED
                            || i.state() == OrchestrationState.FAILED
                            && RetryPolicy.canRetry(i.attempt(), settings.maxRetries()))
                    .map(i -> i.identifier() + " " + i.state().wire() + " (attempt " + i.attempt() + ")")
                    .toList();
        }

        // ------------------------------------------------------------ invariants

        private void checkInvariants() {
            transitionsFollowTheTable();
            concurrencyStaysWithinMaxConcurrent();
            attemptsAndRetriesAreConsistent();
            agentsBelongToRunningIssues();
        }

        /** 1. Every committed state change is in the automatic or the manual table. */
        private void transitionsFollowTheTable() {
            history.states().forEach((issueId, states) -> {
                for (int i = 1; i < states.size(); i++) {
                    OrchestrationState from = states.get(i - 1);
                    OrchestrationState to = states.get(i);
                    check(Transitions.automaticAllowed(from, to) || Transitions.manualAllowed(from, to),
                            "invariant 1 (transition table): " + identifier(issueId) + " moved " + from.wire()
                                    + " -> " + to.wire() + "; its states: " + states.stream()
                                    .map(OrchestrationState::wire).collect(Collectors.joining(" -> ")));
                }
            });
        }

        /** 2. At most max_concurrent issues hold a slot, and at most that many agents live (checked at each start). */
        private void concurrencyStaysWithinMaxConcurrent() {
            List<MissionIssue> active = queries.issues(missionId).stream().filter(i -> i.state().isActive()).toList();
            check(active.size() <= settings.maxConcurrent(), "invariant 2 (max_concurrent " + settings.maxConcurrent()
                    + "): " + active.size() + " issues hold a slot: " + active.stream().map(this::describe).toList());
            check(provider.overLimit().isEmpty(), "invariant 2 (max_concurrent " + settings.maxConcurrent()
                    + "): " + provider.overLimit());
        }

        /** 3. No more than 1 + max_retries attempts, and a queued retry always knows when it is due. */
        private void attemptsAndRetriesAreConsistent() {
            for (MissionIssue issue : queries.issues(missionId)) {
                check(issue.attempt() <= settings.maxRetries() + 1, "invariant 3 (attempts): " + describe(issue)
                        + " exceeds 1 + max_retries = " + (settings.maxRetries() + 1));
                check(issue.state() != OrchestrationState.RETRY_QUEUED || issue.retryDueAt() != null,
                        "invariant 3 (retry_due_at): " + describe(issue) + " is retry_queued without retry_due_at");
            }
        }

        /**
         * 5. An issue never has two live agents, not even while one of them is dying (killed, within its grace
         * period). An agent nobody asked to stop belongs to a running issue — so never to a completed, failed or
         * blocked one — and the orchestrator watches it (else nothing detects its stall or handles its exit).
         */
        private void agentsBelongToRunningIssues() {
            check(provider.secondAgents().isEmpty(), "invariant 5 (one agent per issue): " + provider.secondAgents());
            List<ScriptedAgent> working = provider.live().stream().filter(a -> !a.dying()).toList();
            for (ScriptedAgent agent : working) {
                MissionIssue issue = queries.issue(agent.issueId()).orElseThrow();
                check(!issue.state().isSettled(), "invariant 5 (settled issues have no agent): " + describe(issue)
                        + " but " + agent + " still runs");
                check(issue.state() == OrchestrationState.RUNNING, "invariant 5 (agents belong to running issues): "
                        + describe(issue) + " but " + agent + " still runs");
            }
            check(orchestrator.runningAgents() == working.size(), "invariant 5 (every agent is watched): "
                    + working + " run, but the orchestrator watches " + orchestrator.runningAgents() + " agents");
        }

        /**
         * 6. With the tracker healthy and the mission resumed, letting every agent succeed and moving the clock far
         * ahead settles every issue that still exists in the tracker.
         */
        private void everythingSettlesInTheEnd() {
            story.add("finally: tracker up, mission resumed, then rounds of: every agent exits 0, clock +2h, tick");
            tracker.setDown(false);
            if (paused) {
                service.setPaused(missionId, false);
            }
            paused = false;
            int rounds = 0;
            do { // at least one tick, so issues added since the last one are picked up too
                rounds++;
                provider.live().stream().filter(agent -> !agent.dying()).forEach(agent -> agent.exitWith(0));
                settle();
                clock.advance(Duration.ofHours(2));
                orchestrator.tick(missionId);
                settle();
                story.add("round " + rounds + "  =>  " + summary());
                checkInvariants();
            } while (!unsettled().isEmpty() && rounds < 40);
            check(unsettled().isEmpty(), "invariant 6 (everything settles): still unsettled after " + rounds
                    + " rounds: " + unsettled());
        }

        private List<String> unsettled() {
            return queries.issues(missionId).stream()
                    .filter(i -> tracker.exists(i.trackerIssueId()) && !i.state().isSettled())
                    .map(this::describe).toList();
        }

        // ------------------------------------------------------------ helpers

        private OrchestrationState stateOf(String issueId) {
            return queries.issue(issueId).orElseThrow().state();
        }

        private String identifier(String issueId) {
            return queries.issue(issueId).map(MissionIssue::identifier).orElse(issueId);
        }

        private String describe(MissionIssue issue) {
            return issue.identifier() + " " + issue.state().wire() + " (attempt " + issue.attempt() + ")";
        }

        private String summary() {
            String issues = queries.issues(missionId).stream()
                    .sorted(Comparator.comparing(MissionIssue::identifier))
                    .map(i -> i.identifier() + ":" + i.state().wire() + "/" + i.attempt()).collect(Collectors.joining(" "));
            String live = provider.live().stream().map(a -> identifier(a.issueId())).collect(Collectors.joining(","));
            return Stream.of(issues.isEmpty() ? "no issues" : issues, live.isEmpty() ? "" : "agents: " + live,
                            tracker.isDown() ? "tracker down" : "", paused ? "paused" : "")
                    .filter(s -> !s.isEmpty()).collect(Collectors.joining(" | "));
        }

        private static void check(boolean condition, String message) {
            if (!condition) {
                throw new AssertionError(message);
            }
        }

        private static void awaitOr(Duration atMost, Callable<Boolean> condition,
                                    Supplier<String> failure) {
            try {
                await().pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .atMost(atMost).until(condition);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(failure.get(), e);
            }
        }

        @Override
        public void close() {
            try {
                orchestrator.close();
            } finally {
                store.close();
            }
        }
    }

    /**
     * The commit listener: every issue's states in commit order (its create, then each update that sets a state),
     * the last barrier mark, and how many scheduled ticks ended on the refused tracker.
     */
    private static final class StateHistory implements CommitListener {
        private final String barrierSession;
        private final String refused;
        private final Map<String, List<OrchestrationState>> states = new LinkedHashMap<>();
        private String barrier = "";
        private int refusedPolls;

        StateHistory(String barrierSession, String refused) {
            this.barrierSession = barrierSession;
            this.refused = refused;
        }

        @Override
        public synchronized void committed(List<Applied> applied) {
            for (Applied a : applied) {
                switch (a.command()) {
                    case MissionIssueCommand.Create c -> record(c.missionIssueId(), c.state());
                    case MissionIssueCommand.Update u when !u.state().isAbsent() ->
                            record(u.missionIssueId(), u.state().valueOrNull());
                    case SessionCommand.Update u when u.sessionId().equals(barrierSession) ->
                            barrier = u.title().valueOrNull();
                    case MissionCommand.PollResult p when refused.equals(p.error()) -> refusedPolls++;
                    default -> { }
                }
            }
        }

        private void record(String issueId, String wire) {
            states.computeIfAbsent(issueId, k -> new ArrayList<>()).add(OrchestrationState.fromWire(wire)
                    .orElseThrow(() -> new IllegalStateException("unknown state " + wire)));
        }

        synchronized Map<String, List<OrchestrationState>> states() {
            Map<String, List<OrchestrationState>> copy = new LinkedHashMap<>();
            states.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return copy;
        }

        synchronized String barrier() {
            return barrier;
        }

        synchronized int refusedPolls() {
            return refusedPolls;
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
