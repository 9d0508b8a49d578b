package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.mission.MissionConfig.AgentKind;
import dev.orbitdock.mission.MissionConfig.ProviderConfig;
import dev.orbitdock.mission.MissionConfig.ProviderStrategy;
import dev.orbitdock.store.MissionIssueCommand;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims over a real store: which agent each claim gets, and caps that count claimed issues as active. */
class DispatcherTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    private TestStore store;
    private MissionQueries queries;
    private IssueStates states;
    private Dispatcher dispatcher;
    private String missionId;

    @BeforeEach
    void open() throws IOException {
        store = TestStore.open(Files.createDirectories(dir.resolve("data")));
        queries = new MissionQueries(store.database());
        states = new IssueStates(queries, store.writer(), clock);
        dispatcher = new Dispatcher(queries, IdGenerator.random(), states);
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("MISSION.md"), "---\n---\nDo it.\n");
        missionId = new MissionService(queries, store.writer(), clock, IdGenerator.random()).add(repo).id();
        for (int i = 1; i <= 8; i++) {
            clock.advance(java.time.Duration.ofSeconds(1)); // creation order is dispatch order
            store.writer().write(new MissionIssueCommand.Create("issue-" + i, missionId, "T-" + i, "T-" + i,
                    "Issue " + i, null, 0, null, OrchestrationState.QUEUED.wire(), clock.instant()));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void singleRunsOnlyThePrimaryWhichDefaultsToAgentKind() {
        MissionConfig config = config(new ProviderConfig(ProviderStrategy.SINGLE, null, null, 3, null));

        assertThat(dispatcher.claim(missionId, config)).extracting(Dispatcher.Claim::agent)
                .containsExactly(AgentKind.COMMAND, AgentKind.COMMAND, AgentKind.COMMAND);
        assertThat(dispatcher.claim(missionId, config)).as("claimed issues hold their slots").isEmpty();
    }

    @Test
    void priorityFillsThePrimaryToItsCapThenTheSecondaryAndRefillsThePrimaryFirst() {
        MissionConfig config = config(new ProviderConfig(ProviderStrategy.PRIORITY, "claude", "codex", 4, 2));

        List<Dispatcher.Claim> first = dispatcher.claim(missionId, config);

        assertThat(first).extracting(c -> c.issue().identifier() + " " + c.agent().wire())
                .containsExactly("T-1 claude", "T-2 claude", "T-3 codex", "T-4 codex");
        assertThat(first).allSatisfy(c -> assertThat(c.issue().state()).isEqualTo(OrchestrationState.CLAIMED));

        finish(first.get(0)); // a claude run ends: its slot goes to claude again
        assertThat(dispatcher.claim(missionId, config)).extracting(c -> c.issue().identifier() + " " + c.agent().wire())
                .containsExactly("T-5 claude");
        finish(first.get(2)); // a codex run ends: claude is at its cap, so codex
        assertThat(dispatcher.claim(missionId, config)).extracting(c -> c.issue().identifier() + " " + c.agent().wire())
                .containsExactly("T-6 codex");
    }

    @Test
    void roundRobinAlternatesAcrossPassesAndSkipsAPrimaryAtItsCap() {
        MissionConfig alternating = config(new ProviderConfig(ProviderStrategy.ROUND_ROBIN, "codex", "command", 3,
                null));

        assertThat(dispatcher.claim(missionId, alternating)).extracting(Dispatcher.Claim::agent)
                .containsExactly(AgentKind.CODEX, AgentKind.COMMAND, AgentKind.CODEX);
        finish(queries.issue("issue-1").orElseThrow());
        assertThat(dispatcher.claim(missionId, alternating)).extracting(Dispatcher.Claim::agent)
                .containsExactly(AgentKind.COMMAND);

        MissionConfig capped = config(new ProviderConfig(ProviderStrategy.ROUND_ROBIN, "codex", "command", 5, 1));
        assertThat(dispatcher.claim(missionId, capped)).as("codex already runs T-3, its one slot")
                .extracting(Dispatcher.Claim::agent).containsExactly(AgentKind.COMMAND, AgentKind.COMMAND);
    }

    private void finish(Dispatcher.Claim claim) {
        finish(claim.issue());
    }

    private void finish(MissionIssue issue) {
        assertThat(states.advance(issue.id(), OrchestrationState.CLAIMED, OrchestrationState.FAILED, u -> u))
                .isPresent();
    }

    private static MissionConfig config(ProviderConfig provider) {
        MissionConfig d = MissionConfig.defaults();
        return new MissionConfig(null, d.tracker(), provider, d.trigger(), d.orchestration(), d.agent(),
                d.workspace());
    }
}
