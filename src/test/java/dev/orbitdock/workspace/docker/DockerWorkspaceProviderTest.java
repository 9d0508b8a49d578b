package dev.orbitdock.workspace.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.common.Json;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.ManagedSessionFixture;
import dev.orbitdock.workspace.ProvisioningStep;
import dev.orbitdock.workspace.RemoteWorkspaceProviderConformance;
import dev.orbitdock.workspace.ResourceLabels;
import dev.orbitdock.workspace.SmokeStep;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Docker provider against a fake Engine API on a real Unix socket that really runs the execs: the conformance
 * suite (with the managed instance syncing to a real control plane), the request shapes of the Engine API, and the
 * engine's own failures — with no container left behind, whatever fails on the way.
 */
class DockerWorkspaceProviderTest extends RemoteWorkspaceProviderConformance<DockerWorkspaceProvider> {
    private static final String IMAGE = "ghcr.io/acme/orbitdock:1";

    private FakeDockerEngine docker;

    @Override
    protected void startService() throws IOException {
        docker = new FakeDockerEngine(Files.createDirectories(dir.resolve("engine")));
        docker.pullable.add(IMAGE);
    }

    @Override
    protected void stopService() throws IOException {
        docker.close();
    }

    @Override
    protected DockerWorkspaceProvider provider(String orbitdockCommand) {
        return provider(orbitdockCommand, null);
    }

    @Override
    protected int liveResources() {
        return docker.liveContainers();
    }

    @Override
    protected String unknownExternalId() {
        return "0123456789abcdef";
    }

    @Override
    protected void assertTheTokenTravelledOnlyInTheEnvFile(WorkspaceRegistry.Registration ws, Workspace workspace) {
        assertThat(docker.requests).as("the sync token travels only in the archive holding the env file")
                .filteredOn(r -> new String(r.body(), StandardCharsets.ISO_8859_1).contains(ws.token().token()))
                .singleElement().satisfies(r -> {
                    assertThat(r.path()).endsWith("/archive");
                    assertThat(r.param("path")).isEqualTo(workspace.path() + "/run");
                });
    }

    private DockerWorkspaceProvider provider(String orbitdock, String gitToken) {
        return new DockerWorkspaceProvider(new DockerSettings(docker.host(), IMAGE, 2, 4, orbitdock), gitToken, FAST);
    }

    @Test
    void sendsTheRequestShapesOfTheEngineApi() throws Exception {
        Workspace workspace = provider.create(request("od-w-contract", List.of()));

        assertThat(docker.requests).extracting(FakeDockerEngine.Request::version).containsOnly("/v1.47");
        assertThat(docker.requests("GET", "/containers/json")).first().satisfies(list -> {
            assertThat(list.param("all")).isEqualTo("true");
            assertThat(list.param("filters")).isEqualTo("{\"label\":[\"orbitdock.workspace_id=od-w-contract\"]}");
        });
        assertThat(docker.requests("GET", "/images/.*/json")).singleElement()
                .satisfies(inspect -> assertThat(inspect.path()).isEqualTo("/images/" + IMAGE + "/json"));
        assertThat(docker.requests("POST", "/images/create")).singleElement()
                .satisfies(pull -> assertThat(pull.param("fromImage")).isEqualTo(IMAGE));
        FakeDockerEngine.Request create = docker.requests("POST", "/containers/create").getFirst();
        assertThat(create.param("name")).isEqualTo("orbitdock-od-w-contract");
        assertThat(create.headers()).containsEntry("content-type", "application/json");
        assertThat(create.json()).isEqualTo(json("{\"Image\":\"" + IMAGE + "\",\"Entrypoint\":[\"sleep\"],"
                + "\"Cmd\":[\"infinity\"],\"Env\":[\"GIT_TERMINAL_PROMPT=0\"],\"Labels\":{\"orbitdock.mission_id\":"
                + "\"od-mission-1\",\"orbitdock.workspace_id\":\"od-w-contract\","
                + "\"orbitdock.branch\":\"mission/t-1\"},\"HostConfig\":{\"Init\":true,"
                + "\"NanoCpus\":2000000000,\"Memory\":4294967296}}"));
        assertThat(docker.requests("POST", "/containers/" + workspace.externalId() + "/start")).hasSize(1);
        assertThat(docker.requests("POST", "/containers/.*/exec")).allSatisfy(exec -> {
            assertThat(exec.json().path("AttachStdout").asBoolean()).isTrue();
            assertThat(exec.json().path("AttachStderr").asBoolean()).isTrue();
            assertThat(exec.json().path("Tty").asBoolean()).isFalse();
            assertThat(exec.json().path("Cmd").get(0).asText()).isEqualTo("sh");
        });
        assertThat(docker.requests("POST", "/exec/.*/start")).allSatisfy(start -> assertThat(start.json())
                .isEqualTo(json("{\"Detach\":false,\"Tty\":false}")));
        assertThat(docker.requests("GET", "/exec/.*/json")).hasSameSizeAs(docker.requests("POST", "/exec/.*/start"));
        assertThat(workspace.path().resolve("run")).as("the env file's directory is the owner's alone")
                .satisfies(run -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run)))
                        .isEqualTo("rwx------"));
        assertThat(provider.list(Map.of(ResourceLabels.MISSION, "od-mission-1")))
                .extracting(Workspace::externalId).containsExactly(workspace.externalId());

        Path prompt = Files.writeString(dir.resolve("prompt.md"), "nothing");
        try (DockerWorkspaceProvider quiet = provider("true", null)) {
            quiet.startAgent(workspace, new AgentLaunch("command", "od-s-contract", workspace.id(), null,
                    workspace.path(), prompt, Map.of("ORBITDOCK_SYNC_TOKEN", "od-sync-secret"),
                    Json.mapper().createObjectNode())).exit().get(30, TimeUnit.SECONDS);
        }
        assertThat(docker.requests("PUT", "/containers/.*/archive")).singleElement().satisfies(upload -> {
            assertThat(upload.headers()).containsEntry("content-type", "application/x-tar");
            assertThat(upload.param("copyUIDGID")).isEqualTo("true");
        });
        assertThat(docker.requests).as("no secret on a command line")
                .filteredOn(r -> r.path().endsWith("/exec")).noneSatisfy(r -> assertThat(r.text())
                        .contains("od-sync-secret"));

        provider.destroy(workspace, DestroyMode.FORCE);
        assertThat(docker.requests("DELETE", "/containers/.*")).singleElement().satisfies(delete -> {
            assertThat(delete.path()).isEqualTo("/containers/" + workspace.externalId());
            assertThat(delete.param("force")).isEqualTo("true");
        });
        assertThat(docker.liveContainers()).isZero();
    }

    @Test
    void theEnvFileIsWrittenOwnerOnlyAndRemovedByTheStartScript() throws Exception {
        Workspace workspace = provider.create(request("od-w-env", List.of()));
        Path prompt = Files.writeString(dir.resolve("prompt.md"), "nothing");
        // The instance copies what its env file held, then shows whether the file is still there.
        try (DockerWorkspaceProvider probe = provider("env > seen.txt; ls run > run.txt; true #", null)) {
            probe.startAgent(workspace, new AgentLaunch("command", "od-s-env", workspace.id(), null,
                    workspace.path(), prompt, Map.of("ORBITDOCK_SYNC_TOKEN", "od-sync-secret"),
                    Json.mapper().createObjectNode())).exit().get(30, TimeUnit.SECONDS);
        }
        assertThat(workspace.path().resolve("seen.txt")).content().contains("ORBITDOCK_SYNC_TOKEN=od-sync-secret");
        assertThat(workspace.path().resolve("run.txt")).content().doesNotContain("env");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workspace.path().resolve(
                "run/prompt.md")))).isEqualTo("rw-------");
        provider.destroy(workspace, DestroyMode.FORCE);
    }

    @Test
    void anExitCodeRecordedAMomentAfterTheStreamEndedIsWaitedFor() {
        docker.execRunningReads = 2;

        assertThatThrownBy(() -> provider.create(request("od-w-late", List.of("exit 7"))))
                .hasMessageEndingWith(": exit status 7");
        assertThat(docker.liveContainers()).isZero();
    }

    @Test
    void anImageThatDoesNotExistFailsWithTheEnginesWordsAndCreatesNothing() {
        docker.pullable.clear();

        assertThatThrownBy(() -> provider.create(request("od-w-image", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> {
                    assertThat(e.code()).isEqualTo("docker_image_unavailable");
                    assertThat(e.getMessage()).startsWith("Docker cannot pull image " + IMAGE + ": pull access denied")
                            .endsWith("(HTTP 404)");
                    assertThat(e.hint()).contains("docker_image");
                });
        assertThat(steps).last().satisfies(s -> assertThat(s.phase()).isEqualTo(ProvisioningStep.Phase.FAILED));
        assertThat(docker.requests("POST", "/containers/create")).isEmpty();
        assertThat(docker.liveContainers()).isZero();
    }

    @Test
    void aPullThatFailsHalfwayReportsTheStreamsError() {
        docker.pullStreamError = "manifest for " + IMAGE + " not found: manifest unknown";

        assertThatThrownBy(() -> provider.create(request("od-w-pull", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Docker cannot pull image " + IMAGE + ": manifest for " + IMAGE
                                + " not found: manifest unknown"));
        assertThat(docker.liveContainers()).isZero();
    }

    @Test
    void aContainerTheEngineCannotCreateFailsWithItsWords() {
        docker.images.add(IMAGE);
        docker.createFailure = "failed to create task: cgroup memory limit too low";

        assertThatThrownBy(() -> provider.create(request("od-w-refused", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Docker refused to create container orbitdock-od-w-refused (HTTP 500): failed to"
                                + " create task: cgroup memory limit too low"));
        assertThat(docker.liveContainers()).isZero();
    }

    @Test
    void aCloneThatFailsReportsGitsWordsAndRemovesTheContainer() {
        repo = dir.resolve("no-such-repo");

        assertThatThrownBy(() -> provider.create(request("od-w-clone", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.getMessage())
                        .startsWith("in container ").contains("no-such-repo"));
        assertThat(steps).last().satisfies(s -> assertThat(s.name()).isEqualTo("cloning"));
        assertThat(docker.requests("DELETE", "/containers/.*")).hasSize(1);
        assertThat(docker.liveContainers()).isZero();
    }

    @Test
    void aGitTokenReachesOnlyTheClonesEnvironment() {
        try (DockerWorkspaceProvider withToken = provider(ManagedSessionFixture.ORBITDOCK, "ghp_secret")) {
            Workspace workspace = withToken.create(request("od-w-token", List.of()));

            assertThat(docker.requests).filteredOn(r -> r.text().contains("ghp_secret")).singleElement()
                    .satisfies(exec -> {
                        assertThat(exec.path()).endsWith("/exec");
                        assertThat(exec.json().path("Env")).containsExactly(
                                Json.mapper().getNodeFactory().textNode("ORBITDOCK_GIT_TOKEN=ghp_secret"));
                        assertThat(exec.json().path("Cmd").toString()).contains("credential.helper");
                    });
            withToken.destroy(workspace, DestroyMode.FORCE);
        }
        assertThat(docker.liveContainers()).isZero();
    }

    @Test
    void anEngineThatIsNotThereIsNamedWithTheSettingToFix() {
        try (DockerWorkspaceProvider nowhere = new DockerWorkspaceProvider(new DockerSettings("unix://"
                + dir.resolve("absent.sock"), IMAGE, null, null, "orbitdock"), null, FAST)) {
            assertThatThrownBy(() -> nowhere.create(request("od-w-nowhere", List.of())))
                    .isInstanceOfSatisfying(WorkspaceException.class, e -> {
                        assertThat(e.code()).isEqualTo("docker_unreachable");
                        assertThat(e.getMessage()).contains("absent.sock");
                        assertThat(e.hint()).contains("docker_host");
                    });
        }
    }

    @Test
    void speaksTheSameApiOverTcp() throws Exception {
        try (FakeDockerEngine tcp = new FakeDockerEngine(Files.createDirectories(dir.resolve("tcp")), true);
             DockerWorkspaceProvider overTcp = new DockerWorkspaceProvider(new DockerSettings(tcp.host(), IMAGE,
                     null, null, "echo orbitdock"), null, FAST)) {
            tcp.images.add(IMAGE);
            assertThat(tcp.host()).startsWith("tcp://127.0.0.1:");

            assertThat(overTcp.smokeTest()).extracting(SmokeStep::ok).containsExactly(true, true, true);
            assertThat(tcp.requests("POST", "/containers/create")).singleElement().satisfies(create ->
                    assertThat(create.json().path("HostConfig").has("NanoCpus")).as("no limit set").isFalse());
            assertThat(tcp.liveContainers()).isZero();
        }
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
