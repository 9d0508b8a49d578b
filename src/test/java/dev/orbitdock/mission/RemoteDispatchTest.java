package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.common.Json;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.WorkspaceRegistry;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator's side of remote workspaces, against a provider without machines and a fixed clock. */
class RemoteDispatchTest {
    private static final String MISSION = RemoteOrchestrators.MISSION;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final FakeRemoteProvider provider = new FakeRemoteProvider();

    private MissionOrchestrator orchestrator(MissionFixture f) {
        return orchestrator(f, "local");
    }

    /** @param defaultProvider the server's {@code workspace_provider} */
    private MissionOrchestrator orchestrator(MissionFixture f, String defaultProvider) {
        return orchestrator(f, defaultProvider, MissionToolsAccess.NONE);
    }

    private MissionOrchestrator orchestrator(MissionFixture f, String defaultProvider, MissionToolsAccess tools) {
        provider.onStart = workspace -> heartbeat(f, workspace.id()); // the instance's first sync
        return RemoteOrchestrators.orchestrator(f, RemoteOrchestrators.registry(f), provider, defaultProvider, tools);
    }

    @Test
    void aFailedProvisioningFailsTheIssueWithTheProvidersWordsAndRevokesTheToken() throws Exception {
        provider.failCreates("quota exceeded: 0 of 0 sandboxes left");
        try (MissionFixture f = new MissionFixture(dir, MISSION, "true"); MissionOrchestrator o = orchestrator(f)) {
            f.issue("T-1", "One", 1);
            f.service.add(f.repo);

            o.tick(f.mission().id());

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED);
            MissionIssue issue = f.issueNamed("T-1");
            assertThat(issue.lastError()).isEqualTo("quota exceeded: 0 of 0 sandboxes left");
            await().atMost(WAIT).until(() -> "destroyed".equals(workspace(f, issue, "status")));
            assertThat(workspace(f, issue, "last_error")).isEqualTo("quota exceeded: 0 of 0 sandboxes left");
            assertThat(tokenRevoked(f, issue)).isTrue();
            assertThat(provider.launches).isEmpty();
            assertThat(f.service.provisioning(issue)).extracting(step -> step.name() + " " + step.status())
                    .containsExactly("connecting finished", "cloning finished", "creating failed");
            assertThat(f.service.provisioning(issue).getLast().error())
                    .isEqualTo("quota exceeded: 0 of 0 sandboxes left");
            assertThat(workspace(f, issue, "connection_info")).doesNotContain("s3cret")
                    .contains("https://***@git.example/shop.git");
        }
    }

    @Test
    void anInstanceThatNeverSyncsFailsTheIssueAtTheConnectTimeoutAndItsWorkspaceIsDestroyed() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "true"); MissionOrchestrator o = orchestrator(f)) {
            provider.onStart = workspace -> {};
            f.issue("T-1", "One", 1);
            f.service.add(f.repo);

            o.tick(f.mission().id());
            await().atMost(WAIT).until(() -> f.issueNamed("T-1").workspaceId() != null && f.service
                    .provisioning(f.issueNamed("T-1")).stream().anyMatch(step -> step.name().equals("connected")));
            f.clock.advance(RemoteOrchestrators.CONNECT_TIMEOUT.plusSeconds(1));

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED);
            MissionIssue issue = f.issueNamed("T-1");
            assertThat(issue.lastError()).isEqualTo("Provisioning step 'connected' did not finish within its deadline"
                    + " of 1m: the workspace could not reach the sync URL"
                    + " http://control.example:4000 within 60 s (workspace_connect_timeout; is public_server_url"
                    + " reachable from the workspace?)");
            await().atMost(WAIT).until(() -> "destroyed".equals(workspace(f, issue, "status")));
            assertThat(provider.destroyed).containsEntry(issue.workspaceId(), DestroyMode.FORCE);
            assertThat(tokenRevoked(f, issue)).isTrue();
            assertThat(f.service.provisioning(issue)).extracting(step -> step.name() + " " + step.status())
                    .endsWith("starting_agent finished", "connected failed");
            assertThat(f.service.provisioning(issue).getLast().error()).isEqualTo(issue.lastError());
        }
    }

    @Test
    void anInstanceThatEndsBeforeItsFirstSyncFailsTheIssueAtOnceSayingSo() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "true"); MissionOrchestrator o = orchestrator(f)) {
            provider.onStart = workspace -> provider.instances.get(workspace.id())
                    .complete(new AgentExit(1, false, "managed instance on fake:22 exited with status 1"));
            f.issue("T-1", "One", 1);
            f.service.add(f.repo);

            o.tick(f.mission().id());

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError()).isEqualTo("the managed instance ended (managed instance on"
                    + " fake:22 exited with status 1) before it reached the sync URL http://control.example:4000");
            await().atMost(WAIT).until(() -> "destroyed".equals(workspace(f, f.issueNamed("T-1"), "status")));
        }
    }

    @Test
    void aMissionWithoutAProviderUsesTheServersDefault() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION.replace("\nworkspace: {provider: ssh}", ""), "true");
             MissionOrchestrator o = orchestrator(f, "ssh")) {
            MissionIssue issue = RemoteOrchestrators.runningIssue(f, o, WAIT);

            assertThat(workspace(f, issue, "provider")).isEqualTo("ssh");
        }
    }

    @Test
    void aProviderThatIsNotAvailableFailsTheIssueSayingSo() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION.replace("provider: ssh", "provider: daytona"), "true");
             MissionOrchestrator o = orchestrator(f)) {
            f.issue("T-1", "One", 1);
            f.service.add(f.repo);

            o.tick(f.mission().id());

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError()).isEqualTo("The daytona workspace provider is not available");
            assertThat(f.store.count("SELECT count(*) FROM workspaces")).isZero();
        }
    }

    @Test
    void theOutcomeIsTheReplicatedSessionsEndAndTheWorkspaceIsDrainedAndDestroyed() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "true"); MissionOrchestrator o = orchestrator(f)) {
            MissionIssue issue = RemoteOrchestrators.runningIssue(f, o, WAIT);
            assertThat(provider.launches).singleElement().satisfies(launch -> assertThat(launch.env())
                    .containsEntry("ORBITDOCK_SYNC_URL", "http://control.example:4000")
                    .containsEntry("ORBITDOCK_SYNC_GENERATION", "1")
                    .containsEntry("ANTHROPIC_API_KEY", "sk-test")
                    .containsKey("ORBITDOCK_SYNC_TOKEN"));
            assertThat(launch(issue).sessionId()).isEqualTo(issue.sessionId());

            endSession(f, issue, "exited with status 0"); // as the sync receiver would apply it
            provider.instances.get(issue.workspaceId()).complete(new AgentExit(0, false, "instance exited"));

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.COMPLETED);
            await().atMost(WAIT).until(() -> "destroyed".equals(workspace(f, issue, "status")));
            assertThat(provider.destroyed).containsEntry(issue.workspaceId(), DestroyMode.GRACEFUL);
            assertThat(tokenRevoked(f, issue)).isTrue();
        }
    }

    @Test
    void anInstanceThatExitsCleanlyAfterAFailedSessionFailsTheIssueWithTheSessionsReason() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "true"); MissionOrchestrator o = orchestrator(f)) {
            MissionIssue issue = RemoteOrchestrators.runningIssue(f, o, WAIT);

            endSession(f, issue, "exited with status 3");
            provider.instances.get(issue.workspaceId()).complete(new AgentExit(0, false, "instance exited"));

            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError()).isEqualTo("agent exited with status 3");
        }
    }

    @Test
    void aWorkspaceWithoutHeartbeatForStallTimeoutIsStalledAndForceDestroyed() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "true"); MissionOrchestrator o = orchestrator(f)) {
            MissionIssue issue = RemoteOrchestrators.runningIssue(f, o, WAIT);

            f.clock.advance(Duration.ofMinutes(6));
            o.tick(f.mission().id());

            assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.FAILED);
            assertThat(f.issueNamed("T-1").lastError())
                    .isEqualTo("stalled: no heartbeat from the workspace for 360 s (stall_timeout 300 s)");
            assertThat(provider.destroyed).containsEntry(issue.workspaceId(), DestroyMode.FORCE);
            assertThat(tokenRevoked(f, issue)).isTrue();
        }
    }

    @Test
    void afterARestartALiveRemoteRunIsReadoptedAndADeadOneFailedAndDestroyed() throws Exception {
        try (MissionFixture f = new MissionFixture(dir,
                "provider: {max_concurrent: 2}\n" + MISSION, "true")) {
            f.issue("T-1", "Alive", 1);
            f.issue("T-2", "Dead", 2);
            f.service.add(f.repo);
            MissionOrchestrator first = orchestrator(f);
            first.tick(f.mission().id());
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING
                    && f.stateOf("T-2") == OrchestrationState.RUNNING);
            first.close();
            MissionIssue alive = f.issueNamed("T-1");
            MissionIssue dead = f.issueNamed("T-2");
            f.clock.advance(Duration.ofMinutes(6));
            heartbeat(f, alive);

            try (MissionOrchestrator second = orchestrator(f)) {
                second.start();

                await().atMost(WAIT).until(() -> f.stateOf("T-2") == OrchestrationState.FAILED);
                assertThat(provider.destroyed).containsEntry(dead.workspaceId(), DestroyMode.FORCE);
                assertThat(tokenRevoked(f, dead)).isTrue();
                assertThat(f.stateOf("T-1")).isEqualTo(OrchestrationState.RUNNING);
                assertThat(provider.launches).hasSize(2); // nothing dispatched again

                endSession(f, alive, "exited with status 0");
                second.tick(f.mission().id());

                await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.COMPLETED);
                assertThat(provider.destroyed).containsEntry(alive.workspaceId(), DestroyMode.GRACEFUL);
            }
        }
    }

    @Test
    void aReadoptedRunsMissionToolsTokensAreRevokedWhenItEndsBeforeItsIssueMovesOn() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "true")) {
            f.issue("T-1", "Alive", 1);
            f.service.add(f.repo);
            MissionOrchestrator first = orchestrator(f);
            first.tick(f.mission().id());
            await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.RUNNING);
            first.close();
            MissionIssue alive = f.issueNamed("T-1");
            heartbeat(f, alive);
            // The grant of the first process is gone with it: only revoking by issue reaches its token.
            List<OrchestrationState> revokedWhile = new CopyOnWriteArrayList<>();
            MissionToolsAccess tools = new MissionToolsAccess() {
                @Override
                public Grant open(MissionIssue issue) {
                    return null;
                }

                @Override
                public void revokeAll(MissionIssue issue) {
                    revokedWhile.add(f.stateOf(issue.identifier()));
                }
            };

            try (MissionOrchestrator second = orchestrator(f, "local", tools)) {
                second.start();
                endSession(f, alive, "exited with status 0");
                second.tick(f.mission().id());

                await().atMost(WAIT).until(() -> f.stateOf("T-1") == OrchestrationState.COMPLETED);
                assertThat(revokedWhile).containsExactly(OrchestrationState.RUNNING);
            }
        }
    }

    @Test
    void atStartARemoteWorkspaceWhoseIssueIsNoLongerInFlightIsDestroyedAndItsTokenRevoked() throws Exception {
        try (MissionFixture f = new MissionFixture(dir, MISSION, "true")) {
            WorkspaceRegistry registry = RemoteOrchestrators.registry(f);
            registry.register("ssh", "od-i-settled", new WorkspaceRegistry.Allocation("od-w-orphan", "od-s-orphan",
                    null, "mission/t-9", WorkspaceStatus.RUNNING));
            f.store.writer().write(new WorkspaceCommand.Update("od-w-orphan", Patch.set("fake:22"), Patch.absent(),
                    Patch.set(Json.mapper().createObjectNode().put("path", "/remote/od-w-orphan")), Patch.absent(),
                    Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent()));

            try (MissionOrchestrator o = orchestrator(f)) {
                o.start();

                assertThat(provider.destroyed).containsEntry("od-w-orphan", DestroyMode.FORCE);
                assertThat(f.store.string("SELECT status FROM workspaces WHERE id = 'od-w-orphan'"))
                        .isEqualTo("destroyed");
                assertThat(f.store.count("SELECT count(*) FROM auth_tokens WHERE revoked_at IS NOT NULL")).isEqualTo(1);
            }
        }
    }

    private dev.orbitdock.agent.AgentLaunch launch(MissionIssue issue) {
        return provider.launches.stream().filter(l -> l.workspaceId().equals(issue.workspaceId())).findFirst()
                .orElseThrow();
    }

    private static void endSession(MissionFixture f, MissionIssue issue, String reason) {
        f.store.writer().write(new SessionCommand.Create(issue.sessionId(), "command", "working",
                issue.workspaceId(), issue.id(), "/remote", null, f.clock.instant()));
        f.store.writer().write(new SessionCommand.End(issue.sessionId(), reason, f.clock.instant()));
    }

    private static void heartbeat(MissionFixture f, MissionIssue issue) {
        heartbeat(f, issue.workspaceId());
    }

    private static void heartbeat(MissionFixture f, String workspaceId) {
        RemoteOrchestrators.heartbeat(f, workspaceId);
    }

    private static String workspace(MissionFixture f, MissionIssue issue, String column) {
        return f.store.string("SELECT " + column + " FROM workspaces WHERE id = ?", issue.workspaceId());
    }

    private static boolean tokenRevoked(MissionFixture f, MissionIssue issue) {
        return f.store.count("SELECT count(*) FROM auth_tokens WHERE revoked_at IS NOT NULL AND id ="
                + " (SELECT sync_token FROM workspaces WHERE id = ?)", issue.workspaceId()) == 1;
    }
}
