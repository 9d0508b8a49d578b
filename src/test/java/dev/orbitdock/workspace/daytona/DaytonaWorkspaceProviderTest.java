package dev.orbitdock.workspace.daytona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.ManagedSessionFixture;
import dev.orbitdock.workspace.ProvisioningStep;
import dev.orbitdock.workspace.RemoteWorkspaceProviderConformance;
import dev.orbitdock.workspace.ResourceLabels;
import dev.orbitdock.workspace.StepDeadline;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Daytona provider against a fake Daytona that really runs the toolbox's commands: the conformance suite (with
 * the managed instance syncing to a real control plane), the request shapes of Daytona's clients, and Daytona's
 * own failures — with no sandbox left behind, whatever fails on the way.
 */
class DaytonaWorkspaceProviderTest extends RemoteWorkspaceProviderConformance<DaytonaWorkspaceProvider> {
    private FakeDaytona daytona;

    @Override
    protected void startService() throws IOException {
        daytona = new FakeDaytona(Files.createDirectories(dir.resolve("sandboxes")));
    }

    @Override
    protected void stopService() {
        daytona.close();
    }

    @Override
    protected DaytonaWorkspaceProvider provider(String orbitdockCommand) {
        return provider(FakeDaytona.API_KEY, orbitdockCommand, Duration.ofSeconds(30));
    }

    @Override
    protected int liveResources() {
        return daytona.liveSandboxes();
    }

    @Override
    protected String unknownExternalId() {
        return "no-such-sandbox";
    }

    @Override
    protected void assertTheTokenTravelledOnlyInTheEnvFile(WorkspaceRegistry.Registration ws, Workspace workspace) {
        assertThat(daytona.requests).as("the sync token travels only in the env file's upload")
                .filteredOn(r -> r.body().contains(ws.token().token()))
                .singleElement().satisfies(r -> {
                    assertThat(r.path()).endsWith("/files/upload");
                    assertThat(r.query()).endsWith("%2Frun%2Fenv");
                });
    }

    private DaytonaWorkspaceProvider provider(String apiKey, String orbitdock, Duration createTimeout) {
        return new DaytonaWorkspaceProvider(settings(daytona.apiUrl(), apiKey, orbitdock, createTimeout), null, FAST);
    }

    private static DaytonaSettings settings(URI api, String apiKey, String orbitdock, Duration createTimeout) {
        return new DaytonaSettings(api, apiKey, "eu", "ghcr.io/acme/orbitdock:1", null, 2, 4, 10, 30, 60, orbitdock,
                createTimeout);
    }

    @Test
    void sendsTheRequestShapesOfDaytonasClients() {
        Workspace workspace = provider.create(request("od-w-contract", List.of()));

        FakeDaytona.Request create = daytona.requests("POST", "/api/sandbox").getFirst();
        assertThat(create.headers()).containsEntry("authorization", "Bearer " + FakeDaytona.API_KEY)
                .containsEntry("content-type", "application/json");
        assertThat(create.json()).isEqualTo(json("{\"buildInfo\":{\"dockerfileContent\":"
                + "\"FROM ghcr.io/acme/orbitdock:1\\n\"},\"env\":{},\"labels\":{\"orbitdock.workspace_id\":"
                + "\"od-w-contract\",\"orbitdock.mission_id\":\"od-mission-1\",\"orbitdock.branch\":"
                + "\"mission/t-1\"},\"target\":\"eu\",\"cpu\":2,\"memory\":4,"
                + "\"disk\":10,\"autoStopInterval\":30,\"autoDeleteInterval\":60}"));
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
                .extracting(Workspace::externalId).containsExactly(workspace.externalId());

        provider.destroy(workspace, DestroyMode.FORCE);
        assertThat(daytona.requests("DELETE", "/api/sandbox/.*")).singleElement()
                .satisfies(delete -> assertThat(delete.path()).isEqualTo("/api/sandbox/" + workspace.externalId()));
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
                        assertThat(e.code()).isEqualTo(StepDeadline.EXCEEDED);
                        assertThat(e.getMessage()).startsWith("Provisioning step 'creating' did not finish within"
                                + " its deadline of 500ms: Daytona sandbox ").endsWith(" was still creating");
                        assertThat(e.hint()).contains("daytona_create_timeout");
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

    /** A busy but quiet agent must not be stopped by Daytona's idle timer: its instance's poll renews it. */
    @Test
    void aRunningInstanceRenewsTheSandboxesIdleTimerAtMostOnceAMinute() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
        Path prompt = Files.writeString(dir.resolve("prompt.md"), "wait");
        try (DaytonaWorkspaceProvider sleepy = new DaytonaWorkspaceProvider(settings(daytona.apiUrl(),
                FakeDaytona.API_KEY, "sleep 60 #", Duration.ofSeconds(30)), null, FAST, clock)) {
            Workspace workspace = sleepy.create(request("od-w-idle", List.of()));
            sleepy.startAgent(workspace, ManagedSessionFixture.quietLaunch(workspace, "od-s-idle", prompt));
            assertThat(daytona.requests("POST", "/api/sandbox/.*/last-activity")).isEmpty();

            clock.advance(Duration.ofSeconds(61));

            await().atMost(Duration.ofSeconds(30)).until(() -> daytona.requests("POST",
                    "/api/sandbox/.*/last-activity").size() == 1);
            assertThat(daytona.requests("POST", "/api/sandbox/.*/last-activity").getFirst().path())
                    .isEqualTo("/api/sandbox/" + workspace.externalId() + "/last-activity");
            sleepy.destroy(workspace, DestroyMode.FORCE);
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
