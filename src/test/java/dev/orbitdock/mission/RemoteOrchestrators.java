package dev.orbitdock.mission;

import static org.awaitility.Awaitility.await;

import dev.orbitdock.auth.TokenService;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.tracker.local.LocalTracker;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

/** Orchestrators whose missions run on an ssh-kind provider without machines, for the remote dispatch tests. */
final class RemoteOrchestrators {
    static final String MISSION = """
            tracker: {kind: local, directory: .orbitdock/issues}
            orchestration: {max_retries: 0, stall_timeout: 5m, base_branch: main}
            agent: {kind: command, command: {run: sh agent.sh, timeout: 2m}}
            workspace: {provider: ssh}""";
    /** How long a started instance has to sync for the first time; tests move the clock past it. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private RemoteOrchestrators() {}

    static WorkspaceRegistry registry(MissionFixture f) {
        return new WorkspaceRegistry(f.store.database(), f.store.writer(), new TokenService(f.store.database(),
                f.store.writer(), f.clock, new SecureRandom()), f.clock, IdGenerator.random());
    }

    /** @param defaultProvider the server's {@code workspace_provider} */
    static MissionOrchestrator orchestrator(MissionFixture f, WorkspaceRegistry registry, WorkspaceProvider provider,
                                            String defaultProvider) {
        return orchestrator(f, registry, provider, defaultProvider, MissionToolsAccess.NONE);
    }

    static MissionOrchestrator orchestrator(MissionFixture f, WorkspaceRegistry registry, WorkspaceProvider provider,
                                            String defaultProvider, MissionToolsAccess tools) {
        return new MissionOrchestrator(new MissionOrchestrator.Deps(f.queries, f.store.writer(), f.clock,
                IdGenerator.random(), (mission, config) -> new LocalTracker(
                        mission.repoPath().resolve(".orbitdock/issues"), f.clock),
                ProviderLookup.of(Map.of(WorkspaceKind.SSH, provider)), f.dir.resolve("data"),
                new RemoteSettings(registry, () -> defaultProvider, () -> "http://control.example:4000",
                        () -> Map.of("ANTHROPIC_API_KEY", "sk-test"), () -> CONNECT_TIMEOUT), tools));
    }

    /** What the sync receiver writes when a workspace's instance syncs: its heartbeat, at the fixture's time. */
    static void heartbeat(MissionFixture f, String workspaceId) {
        f.store.writer().write(new WorkspaceCommand.Update(workspaceId, Patch.absent(), Patch.absent(),
                Patch.absent(), Patch.absent(), Patch.absent(), Patch.set(f.clock.instant()), Patch.absent(),
                Patch.absent(), Patch.absent()));
    }

    /** Adds the mission with one issue, T-1, and dispatches it; returns it once it runs. */
    static MissionIssue runningIssue(MissionFixture f, MissionOrchestrator o, Duration wait) throws IOException {
        f.issue("T-1", "One", 1);
        f.service.add(f.repo);
        o.tick(f.mission().id());
        await().atMost(wait).until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING);
        return f.issueNamed("T-1");
    }
}
