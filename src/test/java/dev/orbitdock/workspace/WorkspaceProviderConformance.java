package dev.orbitdock.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every workspace provider promises (ARCHITECTURE §6), proven against each one's real service or fake by a
 * subclass: an idempotent create, the status vocabulary, and a destroy that is safe from any state and leaves
 * nothing behind. {@link RemoteWorkspaceProviderConformance} adds what remote providers promise on top.
 */
public abstract class WorkspaceProviderConformance<P extends WorkspaceProvider> {
    public static final InstanceTiming FAST = new InstanceTiming(Duration.ofMillis(100), Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    protected static final String MISSION = "od-mission-1";
    protected static final String BRANCH = "mission/t-1";

    @TempDir
    protected Path dir;

    protected P provider;
    protected Path repo;
    protected final List<ProvisioningStep> steps = new CopyOnWriteArrayList<>();

    /** Starts the service (or its fake) the provider talks to, under {@link #dir}; nothing for a local one. */
    protected void startService() throws Exception {}

    protected void stopService() throws Exception {}

    protected abstract P newProvider();

    /** How many workspaces the service still holds: worktrees, sandboxes, containers, directories. */
    protected abstract int liveResources() throws Exception;

    /** An external id the service has never heard of (null where workspaces have none). */
    protected abstract String unknownExternalId();

    @BeforeEach
    final void startProvider() throws Exception {
        startService();
        provider = newProvider();
        repo = ManagedSessionFixture.repo(dir.resolve("repo"));
    }

    @AfterEach
    final void stopProvider() throws Exception {
        if (provider instanceof AutoCloseable closeable) {
            closeable.close();
        }
        stopService();
    }

    /** Entries in {@code root} (none when it does not exist), leaving out hidden ones such as a smoke test's. */
    protected static int entriesIn(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(root)) {
            return (int) entries.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    protected CreateWorkspaceRequest request(String workspaceId, List<String> setup) {
        return request(workspaceId, setup, Duration.ofSeconds(30), MISSION);
    }

    protected CreateWorkspaceRequest request(String workspaceId, List<String> setup, Duration setupTimeout,
                                             String missionId) {
        return new CreateWorkspaceRequest(workspaceId, repo, BRANCH, "main", dir.resolve("workspaces"), setup,
                setupTimeout, steps::add, missionId);
    }

    @Test
    void aRepeatedCreateReusesTheWorkspacesResource() throws Exception {
        Workspace first = provider.create(request("od-w-again", List.of()));
        Workspace second = provider.create(request("od-w-again", List.of()));

        assertThat(second.externalId()).isEqualTo(first.externalId());
        assertThat(second.path()).isEqualTo(first.path());
        assertThat(liveResources()).isOne();
        provider.destroy(second, DestroyMode.FORCE);
        assertThat(liveResources()).isZero();
    }

    /** ready → destroyed, and a destroy is safe when repeated, in either mode, and when never created. */
    @Test
    void statusFollowsTheVocabularyAndDestroyIsSafeFromAnyState() throws Exception {
        Workspace workspace = provider.create(request("od-w-any", List.of()));
        assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.READY);

        provider.destroy(workspace, DestroyMode.FORCE);

        assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.DESTROYED);
        provider.destroy(workspace, DestroyMode.FORCE);
        provider.destroy(workspace, DestroyMode.GRACEFUL);
        provider.destroy(new Workspace("od-w-never", provider.kind(), dir.resolve("nowhere/od-w-never"), BRANCH,
                unknownExternalId()), DestroyMode.GRACEFUL);
        assertThat(liveResources()).isZero();
    }
}
