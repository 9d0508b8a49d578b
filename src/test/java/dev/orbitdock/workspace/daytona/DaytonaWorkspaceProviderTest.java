package dev.orbitdock.workspace.daytona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.app.Server;
import dev.orbitdock.app.Services;
import dev.orbitdock.common.Json;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.InstanceTiming;
import dev.orbitdock.workspace.ManagedSessionFixture;
import dev.orbitdock.workspace.ProvisioningStep;
import dev.orbitdock.workspace.ResourceLabels;
import dev.orbitdock.workspace.SmokeStep;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.WorkspaceRegistry;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Daytona provider against a fake Daytona that really runs the toolbox's commands, and the managed instance it
 * starts there syncing to a real control plane: provision, run, replicate, destroy — and no sandbox left behind,
 * whatever fails on the way.
 */
class DaytonaWorkspaceProviderTest {
    private static final InstanceTiming FAST = new InstanceTiming(Duration.ofMillis(100), Duration.ofSeconds(5),
            Duration.ofSeconds(30));

    @TempDir
    Path dir;

    private FakeDaytona daytona;
    private DaytonaWorkspaceProvider provider;
    private Path repo;
    private final List<ProvisioningStep> steps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        daytona = new FakeDaytona(Files.createDirectories(dir.resolve("sandboxes")));
        provider = provider(FakeDaytona.API_KEY, ManagedSessionFixture.ORBITDOCK, Duration.ofSeconds(30));
        repo = ManagedSessionFixture.repo(dir.resolve("repo"));
    }

    @AfterEach
    void tearDown() {
        provider.close();
        daytona.close();
    }

    private DaytonaWorkspaceProvider provider(String apiKey, String orbitdock, Duration createTimeout) {
        return new DaytonaWorkspaceProvider(settings(daytona.apiUrl(), apiKey, orbitdock, createTimeout), null, FAST);
    }

    private static DaytonaSettings settings(URI api, String apiKey, String orbitdock, Duration createTimeout) {
        return new DaytonaSettings(api, apiKey, "eu", "ghcr.io/acme/orbitdock:1", null, 2, 4, 10, 30, 60, orbitdock,
                createTimeout);
    }

    private CreateWorkspaceRequest request(String workspaceId, List<String> setup) {
        return new CreateWorkspaceRequest(workspaceId, repo, "mission/t-1", "main", dir.resolve("unused"), setup,
                Duration.ofSeconds(30), steps::add, "od-mission-1");
    }

    @Test
    void provisionsRunsAManagedSessionThatReplicatesAndDestroysWithoutLeftovers() throws Exception {
        Services control = Services.open(new DataDir(dir.resolve("control")), Map.of(), Map.of("bind", "127.0.0.1:0"));
        try (Server server = Server.start(control, "test")) {
            WorkspaceRegistry.Registration ws = control.workspaces().register("daytona", null);
            Workspace workspace = provider.create(request(ws.workspaceId(), List.of("echo setup-ran > setup.txt")));

            assertThat(steps).filteredOn(s -> s.phase() == ProvisioningStep.Phase.FINISHED)
                    .extracting(ProvisioningStep::name).containsExactly("creating", "cloning", "setup 1/1");
            assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.READY);

            Path prompt = Files.writeString(dir.resolve("prompt.md"), "commit a result");
            AgentHandle handle = provider.startAgent(workspace, ManagedSessionFixture.launch(ws, workspace, prompt,
                    "http://127.0.0.1:" + server.port()));
            ManagedSessionFixture.assertReplicated(control, ws, workspace, handle.exit().get(120, TimeUnit.SECONDS));
            assertThat(daytona.requests).as("the sync token travels only in the env file's upload")
                    .filteredOn(r -> r.body().contains(ws.token().token()))
                    .singleElement().satisfies(r -> {
                        assertThat(r.path()).endsWith("/files/upload");
                        assertThat(r.query()).endsWith("%2Frun%2Fenv");
                    });

            provider.destroy(workspace, DestroyMode.GRACEFUL);
            assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.DESTROYED);
            assertThat(daytona.liveSandboxes()).isZero();
            assertThat(ProcessHandle.of(handle.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        }
    }

    @Test
    void sendsTheRequestShapesOfDaytonasClients() {
        Workspace workspace = provider.create(request("od-w-contract", List.of()));

        FakeDaytona.Request create = daytona.requests("POST", "/api/sandbox").getFirst();
        assertThat(create.headers()).containsEntry("authorization", "Bearer " + FakeDaytona.API_KEY)
                .containsEntry("content-type", "application/json");
        assertThat(create.json()).isEqualTo(json("{\"buildInfo\":{\"dockerfileContent\":"
                + "\"FROM ghcr.io/acme/orbitdock:1\\n\"},\"env\":{},\"labels\":{\"orbitdock.workspace_id\":"
                + "\"od-w-contract\",\"orbitdock.mission_id\":\"od-mission-1\"},\"target\":\"eu\",\"cpu\":2,"
                + "\"memory\":4,\"disk\":10,\"autoStopInterval\":30,\"autoDeleteInterval\":60}"));
        assertThat(daytona.requests("GET", "/api/sandbox")).first().satisfies(list ->
                assertThat(list.query()).isEqualTo("labels=%7B%22orbitdock.workspace_id%22%3A%22od-w-contract%22%7D"));
        String toolbox = "/toolbox/" + workspace.externalId();
        assertThat(daytona.requests("POST", toolbox + "/git/clone")).singleElement().satisfies(clone ->
                assertThat(clone.json()).isEqualTo(json("{\"url\":\"" + repo.toAbsolutePath() + "\",\"path\":\""
                        + workspace.path() + "/repo\",\"branch\":\"main\"}")));
        assertThat(daytona.requests("POST", toolbox + "/process/execute")).allSatisfy(exec -> {
            assertThat(exec.json().path("command").isTextual()).isTrue();
            assertThat(exec.json().path("timeout").isIntegralNumber()).isTrue();
            assertThat(exec.headers()).containsEntry("authorization", "Bearer " + FakeDaytona.API_KEY);
        }).anySatisfy(exec -> assertThat(exec.json().path("cwd").asText()).isEqualTo(workspace.path() + "/repo"));

        assertThat(workspace.path().resolve("run")).as("the env file's directory is the owner's alone")
                .satisfies(run -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run)))
                        .isEqualTo("rwx------"));

        provider.keepAlive(workspace);
        assertThat(daytona.requests("POST", "/api/sandbox/.*/last-activity")).singleElement()
                .satisfies(renew -> assertThat(renew.path()).contains(workspace.externalId()));
        assertThat(provider.list(Map.of(ResourceLabels.MISSION, "od-mission-1")))
                .extracting(Sandbox::id).containsExactly(workspace.externalId());

        provider.destroy(workspace, DestroyMode.FORCE);
        assertThat(daytona.requests("DELETE", "/api/sandbox/.*")).singleElement()
                .satisfies(delete -> assertThat(delete.path()).isEqualTo("/api/sandbox/" + workspace.externalId()));
        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void aGracefulDestroyStopsARunningInstanceAndItsHandleSeesItEnd() throws Exception {
        Path prompt = Files.writeString(dir.resolve("prompt.md"), "wait");
        // "sleep 60 #" turns the managed start into a long-running process that never syncs.
        try (DaytonaWorkspaceProvider sleepy = provider(FakeDaytona.API_KEY, "sleep 60 #", Duration.ofSeconds(30))) {
            Workspace workspace = sleepy.create(request("od-w-running", List.of()));
            AgentHandle handle = sleepy.startAgent(workspace, ManagedSessionFixture.quietLaunch(workspace,
                    "od-s-running", prompt));
            assertThat(sleepy.status(workspace)).isEqualTo(WorkspaceStatus.RUNNING);

            sleepy.destroy(workspace, DestroyMode.GRACEFUL);

            assertThat(handle.exit().get(10, TimeUnit.SECONDS).succeeded()).isFalse();
            // the fake's sandbox processes are this JVM's children: gone once reaped
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(handle.pid())
                    .map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
            assertThat(sleepy.status(workspace)).isEqualTo(WorkspaceStatus.DESTROYED);
        }
        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void aRepeatedCreateReusesTheWorkspacesSandbox() {
        Workspace first = provider.create(request("od-w-again", List.of()));
        Workspace second = provider.create(request("od-w-again", List.of()));

        assertThat(second.externalId()).isEqualTo(first.externalId());
        assertThat(daytona.liveSandboxes()).isOne();
        provider.destroy(second, DestroyMode.FORCE);
        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void aWrongApiKeyFailsWithDaytonasWordsAndTheSettingToFix() {
        try (DaytonaWorkspaceProvider wrong = provider("dtn_wrong", ManagedSessionFixture.ORBITDOCK,
                Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> wrong.create(request("od-w-key", List.of())))
                    .isInstanceOfSatisfying(WorkspaceException.class, e -> {
                        assertThat(e.getMessage()).contains("HTTP 401").endsWith("Invalid API key");
                        assertThat(e.hint()).contains("daytona_api_key");
                    });
        }
        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void aQuotaErrorReachesTheUserVerbatim() {
        daytona.createFailureStatus = 403;
        daytona.createFailureMessage = "Total CPU quota exceeded. Maximum allowed: 10";

        assertThatThrownBy(() -> provider.create(request("od-w-quota", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.getMessage())
                        .endsWith(": Total CPU quota exceeded. Maximum allowed: 10"));
        assertThat(steps).last().satisfies(s -> assertThat(s.phase()).isEqualTo(ProvisioningStep.Phase.FAILED));
        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void aSandboxStuckInCreatingFailsAtItsDeadlineAndIsDeleted() {
        daytona.creatingReads = -1;
        try (DaytonaWorkspaceProvider impatient = provider(FakeDaytona.API_KEY, ManagedSessionFixture.ORBITDOCK,
                Duration.ofMillis(500))) {
            assertThatThrownBy(() -> impatient.create(request("od-w-stuck", List.of())))
                    .isInstanceOfSatisfying(WorkspaceException.class, e -> {
                        assertThat(e.code()).isEqualTo("daytona_create_timeout");
                        assertThat(e.getMessage()).contains("was still creating after");
                    });
        }
        assertThat(daytona.requests("DELETE", "/api/sandbox/.*")).hasSize(1);
        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void anImageThatCannotBeBuiltFailsWithDaytonasReasonAndIsDeleted() {
        daytona.buildFailure = "failed to pull image ghcr.io/acme/orbitdock:1: manifest unknown";

        assertThatThrownBy(() -> provider.create(request("od-w-image", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> {
                    assertThat(e.code()).isEqualTo("daytona_sandbox_failed");
                    assertThat(e.getMessage()).endsWith("is build_failed: failed to pull image"
                            + " ghcr.io/acme/orbitdock:1: manifest unknown");
                });
        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void aCloneThatFailsReportsGitsWordsAndDeletesTheSandbox() {
        repo = dir.resolve("no-such-repo");

        assertThatThrownBy(() -> provider.create(request("od-w-clone", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.getMessage())
                        .contains("(HTTP 400)").contains("no-such-repo"));
        assertThat(steps).last().satisfies(s -> assertThat(s.name()).isEqualTo("cloning"));
        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void aGitTokenTravelsOnlyAsTheClonesCredentials() {
        try (DaytonaWorkspaceProvider withToken = new DaytonaWorkspaceProvider(settings(daytona.apiUrl(),
                FakeDaytona.API_KEY, ManagedSessionFixture.ORBITDOCK, Duration.ofSeconds(30)), "ghp_secret", FAST)) {
            Workspace workspace = withToken.create(request("od-w-token", List.of()));

            assertThat(daytona.requests).filteredOn(r -> r.body().contains("ghp_secret")).singleElement()
                    .satisfies(clone -> {
                        assertThat(clone.path()).endsWith("/git/clone");
                        assertThat(clone.json().path("username").asText()).isEqualTo("x-access-token");
                        assertThat(clone.json().path("password").asText()).isEqualTo("ghp_secret");
                    });
            withToken.destroy(workspace, DestroyMode.FORCE);
        }
        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void aFailingSetupCommandFailsWithItsOwnWordsAndDeletesTheSandbox() {
        assertThatThrownBy(() -> provider.create(request("od-w-setup", List.of("echo boom >&2; exit 3"))))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.getMessage()).endsWith("boom"));
        assertThat(steps).last().satisfies(s -> {
            assertThat(s.name()).isEqualTo("setup 1/1");
            assertThat(s.phase()).isEqualTo(ProvisioningStep.Phase.FAILED);
        });
        assertThat(daytona.liveSandboxes()).isZero();
    }

    @Test
    void theSmokeTestCreatesASandboxRunsOrbitdockThereAndDeletesIt() {
        List<SmokeStep> smoke = provider.smokeTest();

        assertThat(smoke).extracting(SmokeStep::ok).containsExactly(true, true, true);
        assertThat(smoke.get(1).detail()).startsWith("orbitdock ");
        assertThat(daytona.liveSandboxes()).isZero();
    }

    /** OrbitDock's own share of create + start: wall time minus the time the fake spent doing the work. */
    @Test
    void provisioningOverheadStaysUnderASecond() throws Exception {
        daytona.creatingReads = 0;
        Path prompt = Files.writeString(dir.resolve("prompt.md"), "nothing");
        try (DaytonaWorkspaceProvider quick = provider(FakeDaytona.API_KEY, "true", Duration.ofSeconds(30))) {
            assertThat(ManagedSessionFixture.medianOverhead("daytona", quick, i -> request("od-w-bench-" + i,
                    List.of()), prompt, daytona::workNanos, 5)).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(daytona.liveSandboxes()).isZero();
    }

    /** Parsed, so that objects compare without regard to key order. */
    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
