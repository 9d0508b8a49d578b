package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.common.Json;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.RemoteWorkspaceProvider;
import dev.orbitdock.workspace.ResourceLabels;
import dev.orbitdock.workspace.SmokeStep;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceRegistry;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up sweep by label: what a remote provider holds under OrbitDock's labels is compared with the workspace
 * rows, so a resource no live row watches is destroyed, and a row whose resource is gone is not re-adopted or kept.
 */
class OrphanSweepTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ListedProvider provider = new ListedProvider();

    @Test
    void resourcesNoLiveRowWatchesAreDestroyedAndRowsWhoseResourceIsGoneAreNotKept() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, "provider: {max_concurrent: 2}\n"
                + RemoteOrchestrators.MISSION, "true")) {
            WorkspaceRegistry registry = RemoteOrchestrators.registry(f);
            f.issue("T-1", "Alive", 1);
            f.issue("T-2", "Vanished", 2);
            f.service.add(f.repo);
            MissionOrchestrator first = orchestrator(f, registry);
            first.tick(f.mission().id());
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING
                    && f.stateOf("T-2") == OrchestrationState.RUNNING);
            first.close();
            MissionIssue alive = f.issueNamed("T-1");
            MissionIssue vanished = f.issueNamed("T-2");
            provider.resources.remove(vanished.workspaceId()); // its sandbox was deleted behind our back
            provider.plant("od-w-norow"); // a crash between the provider's create and the row
            registry.register("ssh", "od-i-old", new WorkspaceRegistry.Allocation("od-w-ended", "od-s-ended", null,
                    "mission/t-8", WorkspaceStatus.RUNNING));
            registry.destroy("od-w-ended"); // the row says destroyed, but the destroy never reached the provider
            provider.plant("od-w-ended");
            keep(f, registry, "od-w-kept");
            provider.plant("od-w-kept");
            keep(f, registry, "od-w-kept-gone");

            try (MissionOrchestrator second = orchestrator(f, registry)) {
                second.start();

                assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.RUNNING);
                await().atMost(WAIT).until(() -> f.stateOf("T-2") == OrchestrationState.FAILED);
                assertThat(status(f, vanished.workspaceId())).isEqualTo("destroyed");
                assertThat(provider.resources.keySet()).containsExactlyInAnyOrder(alive.workspaceId(), "od-w-kept");
                assertThat(provider.machines.destroyed).containsEntry("od-w-norow", DestroyMode.FORCE)
                        .containsEntry("od-w-ended", DestroyMode.FORCE).doesNotContainKey("od-w-kept");
                assertThat(status(f, "od-w-kept")).isEqualTo("ready");
                assertThat(status(f, "od-w-kept-gone")).isEqualTo("destroyed");
            }
        }
    }

    private MissionOrchestrator orchestrator(MissionFixture f, WorkspaceRegistry registry) {
        provider.machines.onStart = workspace -> RemoteOrchestrators.heartbeat(f, workspace.id());
        return RemoteOrchestrators.orchestrator(f, registry, provider, "local");
    }

    /** A workspace kept after its run (retention: keep_duration) for another hour. */
    private static void keep(MissionFixture f, WorkspaceRegistry registry, String workspaceId) {
        registry.register("ssh", "od-i-" + workspaceId, new WorkspaceRegistry.Allocation(workspaceId,
                "od-s-" + workspaceId, null, "mission/kept", WorkspaceStatus.READY));
        f.store.writer().write(new WorkspaceCommand.Update(workspaceId, Patch.set("fake:22"), Patch.absent(),
                Patch.set(Json.mapper().createObjectNode().put("path", "/remote/" + workspaceId)
                        .put("retain_until", f.clock.instant().plus(Duration.ofHours(1)).toString())),
                Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent()));
    }

    private static String status(MissionFixture f, String workspaceId) {
        return f.store.string("SELECT status FROM workspaces WHERE id = ?", workspaceId);
    }

    /** The fake remote provider, listed by label: what it made and has not destroyed, and what a test plants. */
    private static final class ListedProvider implements RemoteWorkspaceProvider {
        final FakeRemoteProvider machines = new FakeRemoteProvider();
        final Map<String, Workspace> resources = new ConcurrentHashMap<>();

        void plant(String workspaceId) {
            resources.put(workspaceId, new Workspace(workspaceId, WorkspaceKind.SSH, Path.of("/remote", workspaceId),
                    "mission/planted", "fake:22"));
        }

        @Override
        public WorkspaceKind kind() {
            return WorkspaceKind.SSH;
        }

        @Override
        public Workspace create(CreateWorkspaceRequest request) {
            Workspace workspace = machines.create(request);
            resources.put(workspace.id(), workspace);
            return workspace;
        }

        @Override
        public AgentHandle startAgent(Workspace workspace, AgentLaunch launch) {
            return machines.startAgent(workspace, launch);
        }

        @Override
        public WorkspaceStatus status(Workspace workspace) {
            return resources.containsKey(workspace.id()) ? WorkspaceStatus.RUNNING : WorkspaceStatus.DESTROYED;
        }

        @Override
        public void destroy(Workspace workspace, DestroyMode mode) {
            machines.destroy(workspace, mode);
            resources.remove(workspace.id());
        }

        @Override
        public List<Workspace> list(Map<String, String> labels) {
            return resources.values().stream().filter(w -> labels.getOrDefault(ResourceLabels.WORKSPACE, w.id())
                    .equals(w.id())).toList();
        }

        @Override
        public List<SmokeStep> smokeTest() {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
