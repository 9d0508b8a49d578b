package dev.orbitdock.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.config.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every remote workspace provider promises beyond {@link WorkspaceProviderConformance}: the full flow
 * (provision, a managed session replicating to a real control plane, destroy), a running instance that a graceful
 * destroy ends, a stuck step failing at its deadline, listing by label (what the orphan sweep reads), a smoke test,
 * and no resource left behind whatever fails.
 */
public abstract class RemoteWorkspaceProviderConformance<P extends RemoteWorkspaceProvider>
        extends WorkspaceProviderConformance<P> {

    /** A provider for the running service whose machines run OrbitDock as {@code orbitdockCommand}. */
    protected abstract P provider(String orbitdockCommand);

    @Override
    protected final P newProvider() {
        return provider(ManagedSessionFixture.ORBITDOCK);
    }

    /** The provider's own proof that the sync token travelled only in the env file; nothing to add by default. */
    protected void assertTheTokenTravelledOnlyInTheEnvFile(WorkspaceRegistry.Registration ws, Workspace workspace) {}

    @Test
    void provisionsRunsAManagedSessionThatReplicatesAndDestroysWithoutLeftovers() throws Exception {
        Services control = Services.open(new DataDir(dir.resolve("control")), Map.of(), Map.of("bind", "127.0.0.1:0"));
        try (Server server = Server.start(control, "test")) {
            WorkspaceRegistry.Registration ws = control.workspaces().register(
                    provider.kind().name().toLowerCase(Locale.ROOT), null);
            Workspace workspace = provider.create(request(ws.workspaceId(), List.of("echo setup-ran > setup.txt")));

            assertThat(steps).filteredOn(s -> s.phase() == ProvisioningStep.Phase.FINISHED)
                    .extracting(ProvisioningStep::name).containsExactly("creating", "cloning", "setup 1/1");
            assertThat(steps).as("every step has a deadline").allSatisfy(s -> assertThat(s.deadline()).isPositive());
            assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.READY);

            Path prompt = Files.writeString(dir.resolve("prompt.md"), "commit a result");
            AgentHandle handle = provider.startAgent(workspace, ManagedSessionFixture.launch(ws, workspace, prompt,
                    "http://127.0.0.1:" + server.port()));
            ManagedSessionFixture.assertReplicated(control, ws, workspace, handle.exit().get(120, TimeUnit.SECONDS));
            assertTheTokenTravelledOnlyInTheEnvFile(ws, workspace);

            provider.destroy(workspace, DestroyMode.GRACEFUL);
            assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.DESTROYED);
            assertThat(liveResources()).isZero();
            assertThat(ProcessHandle.of(handle.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        }
    }

    /** ready → running → destroyed: a graceful destroy ends the instance, and its handle sees it end. */
    @Test
    void aRunningInstanceIsRunningAndAGracefulDestroyEndsIt() throws Exception {
        Path prompt = Files.writeString(dir.resolve("prompt.md"), "wait");
        // "sleep 60 #" turns the managed start into a long-running process that never syncs.
        try (P sleepy = provider("sleep 60 #")) {
            Workspace workspace = sleepy.create(request("od-w-running", List.of()));
            assertThat(sleepy.status(workspace)).isEqualTo(WorkspaceStatus.READY);
            AgentHandle handle = sleepy.startAgent(workspace, ManagedSessionFixture.quietLaunch(workspace,
                    "od-s-running", prompt));
            assertThat(sleepy.status(workspace)).isEqualTo(WorkspaceStatus.RUNNING);

            sleepy.destroy(workspace, DestroyMode.GRACEFUL);

            assertThat(handle.exit().get(10, TimeUnit.SECONDS).succeeded()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(handle.pid())
                    .map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
            assertThat(sleepy.status(workspace)).isEqualTo(WorkspaceStatus.DESTROYED);
            sleepy.destroy(workspace, DestroyMode.GRACEFUL);
        }
        assertThat(liveResources()).isZero();
    }

    @Test
    void aStepStuckPastItsDeadlineFailsNamingTheStepAndTheResourceIsDeleted() throws Exception {
        assertThatThrownBy(() -> provider.create(request("od-w-stuck", List.of("sleep 60"), Duration.ofSeconds(1),
                MISSION))).isInstanceOfSatisfying(WorkspaceException.class, e -> {
                    assertThat(e.code()).isEqualTo(StepDeadline.EXCEEDED);
                    assertThat(e.getMessage()).startsWith("Provisioning step 'setup 1/1' did not finish within its"
                            + " deadline of 1s: ");
                });
        assertThat(steps).last().satisfies(s -> {
            assertThat(s.name()).isEqualTo("setup 1/1");
            assertThat(s.phase()).isEqualTo(ProvisioningStep.Phase.FAILED);
            assertThat(s.deadline()).isEqualTo(Duration.ofSeconds(1));
        });
        assertThat(liveResources()).isZero();
        assertThat(provider.list(Map.of(ResourceLabels.WORKSPACE, "od-w-stuck"))).isEmpty();
    }

    @Test
    void aFailingSetupCommandFailsWithItsOwnWordsAndRemovesTheResource() throws Exception {
        assertThatThrownBy(() -> provider.create(request("od-w-setup", List.of("echo boom >&2; exit 3"))))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.getMessage()).endsWith("boom"));
        assertThat(steps).last().satisfies(s -> {
            assertThat(s.name()).isEqualTo("setup 1/1");
            assertThat(s.phase()).isEqualTo(ProvisioningStep.Phase.FAILED);
        });
        assertThat(liveResources()).isZero();
    }

    /** What the orphan sweep and re-adoption read: OrbitDock's workspaces, found by workspace or by mission. */
    @Test
    void listsItsWorkspacesByTheirLabels() throws Exception {
        Workspace one = provider.create(request("od-w-one", List.of(), Duration.ofSeconds(30), "od-mission-a"));
        Workspace two = provider.create(request("od-w-two", List.of(), Duration.ofSeconds(30), "od-mission-b"));
        provider.keepAlive(one);

        assertThat(provider.list(Map.of(ResourceLabels.MISSION, "od-mission-a"))).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo("od-w-one");
            assertThat(w.kind()).isEqualTo(provider.kind());
            assertThat(w.externalId()).isEqualTo(one.externalId());
            assertThat(w.branch()).isEqualTo(BRANCH);
        });
        assertThat(provider.list(Map.of(ResourceLabels.WORKSPACE, "od-w-two"))).extracting(Workspace::externalId)
                .containsExactly(two.externalId());
        assertThat(provider.list(Map.of())).extracting(Workspace::id).containsExactlyInAnyOrder("od-w-one",
                "od-w-two");

        for (Workspace listed : provider.list(Map.of())) {
            provider.destroy(listed, DestroyMode.FORCE); // as the sweep does, from the listing alone
        }
        assertThat(provider.list(Map.of())).isEmpty();
        assertThat(liveResources()).isZero();
    }

    @Test
    void theSmokeTestReachesTheServiceRunsOrbitdockThereAndLeavesNothing() throws Exception {
        List<SmokeStep> smoke = provider.smokeTest();

        assertThat(smoke).as(smoke.toString()).extracting(SmokeStep::ok).containsOnly(true);
        assertThat(smoke.get(1).detail()).startsWith("orbitdock ");
        assertThat(liveResources()).isZero();
    }
}
