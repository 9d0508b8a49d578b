package dev.orbitdock.mission;

import dev.orbitdock.agent.AgentEnvironment;
import dev.orbitdock.agent.AgentRunners;
import dev.orbitdock.agent.ProcessOptions;
import dev.orbitdock.agent.SessionRecorder;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import dev.orbitdock.tracker.local.LocalTracker;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.local.LocalWorktreeProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real repo with MISSION.md and local issues, a real store, and an orchestrator over them, for tests. */
final class MissionFixture implements AutoCloseable {
    final Path dir;
    final Path repo;
    final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    final TestStore store;
    final MissionQueries queries;
    final MissionService service;
    final MissionOrchestrator orchestrator;
    private final AgentEnvironment agentEnvironment;
    private final List<MissionOrchestrator> extra = new ArrayList<>();

    MissionFixture(Path dir, String missionFrontMatter, String agentScript) throws IOException {
        this(dir, missionFrontMatter, agentScript, AgentEnvironment.NONE);
    }

    /** @param agentEnvironment what the claude and codex agents get from OrbitDock (API keys, base URLs) */
    MissionFixture(Path dir, String missionFrontMatter, String agentScript, AgentEnvironment agentEnvironment)
            throws IOException {
        this.dir = dir;
        this.agentEnvironment = agentEnvironment;
        this.repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("MISSION.md"), "---\n" + missionFrontMatter + "\n---\n"
                + "Work on {{ issue.identifier }} ({{ issue.title }}), attempt {{ attempt }}.\n");
        Files.createDirectories(repo.resolve(".orbitdock/issues"));
        Files.writeString(repo.resolve("agent.sh"), agentScript);
        git("init", "-q", "-b", "main");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "init");
        store = TestStore.open(Files.createDirectories(dir.resolve("data")));
        queries = new MissionQueries(store.database());
        service = new MissionService(queries, store.writer(), clock, IdGenerator.random());
        orchestrator = newOrchestrator();
    }

    MissionOrchestrator newOrchestrator() {
        return track(new MissionOrchestrator(new MissionOrchestrator.Deps(queries, store.writer(), clock,
                IdGenerator.random(), trackers(), Map.of(WorkspaceKind.LOCAL, localProvider()), dir.resolve("data"))));
    }

    /** An orchestrator over these deps, closed with the fixture. */
    MissionOrchestrator track(MissionOrchestrator orchestrator) {
        extra.add(orchestrator);
        return orchestrator;
    }

    /** Real worktrees, agents recording their sessions in the fixture's store. */
    LocalWorktreeProvider localProvider() {
        var recorder = new SessionRecorder(store.writer(), IdGenerator.random(), clock);
        return new LocalWorktreeProvider(AgentRunners.standard(recorder, ProcessOptions.DEFAULTS, agentEnvironment),
                clock);
    }

    /** The local tracker in the repo's {@code .orbitdock/issues}. */
    TrackerFactory trackers() {
        return (mission, config) -> new LocalTracker(mission.repoPath().resolve(".orbitdock/issues"), clock);
    }

    /** What the tracker was told about an issue (the local tracker keeps comments beside the issues). */
    String trackerComments(String id) throws IOException {
        return Files.readString(repo.resolve(".orbitdock/issues/.comments/" + id + ".md"));
    }

    void issue(String id, String title, int priority) throws IOException {
        Files.writeString(repo.resolve(".orbitdock/issues/" + id + ".md"), "---\nidentifier: " + id + "\ntitle: "
                + title + "\nstate: Todo\npriority: " + priority + "\n---\nDo " + title + ".\n");
    }

    String trackerFile(String id) throws IOException {
        return Files.readString(repo.resolve(".orbitdock/issues/" + id + ".md"));
    }

    MissionRecord mission() {
        return service.list().getFirst();
    }

    MissionIssue issueNamed(String identifier) {
        return queries.issues(mission().id()).stream().filter(i -> i.identifier().equals(identifier)).findFirst()
                .orElseThrow();
    }

    OrchestrationState stateOf(String identifier) {
        return issueNamed(identifier).state();
    }

    void tick() {
        orchestrator.tick(mission().id());
    }

    String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        extra.forEach(MissionOrchestrator::close);
        store.close();
    }
}
