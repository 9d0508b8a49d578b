package dev.orbitdock.workspace.local;

import static dev.orbitdock.workspace.local.GitFixture.git;
import static dev.orbitdock.workspace.local.GitFixture.gitSucceeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.agent.AgentRunners;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.ProvisioningStep;
import dev.orbitdock.workspace.ProvisioningStep.Phase;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalWorktreeProviderTest {
    @TempDir
    Path dir;

    private final LocalWorktreeProvider provider = new LocalWorktreeProvider(new AgentRunners(List.of()),
            Clock.systemUTC());
    private final List<ProvisioningStep> steps = new CopyOnWriteArrayList<>();
    private Path repo;
    private Path root;

    @BeforeEach
    void repo() throws IOException {
        repo = GitFixture.repo(dir.resolve("repo"));
        root = dir.resolve("workspaces");
    }

    @Test
    void createsAWorktreeOnANewBranchFromTheLocalBaseWhenThereIsNoOrigin() {
        Workspace workspace = provider.create(request("ws-1", "mission/abc-1", "main", List.of()));

        assertThat(workspace).isEqualTo(new Workspace("ws-1", WorkspaceKind.LOCAL, real(root).resolve("mission-abc-1"),
                "mission/abc-1", null));
        assertThat(workspace.path().resolve("README.md")).hasContent("hello");
        assertThat(git(workspace.path(), "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("mission/abc-1");
        assertThat(steps).extracting(s -> s.name() + " " + s.phase()).containsExactly("creating STARTED",
                "worktree STARTED", "worktree FINISHED", "creating FINISHED");
        assertThat(steps.get(2).detail()).startsWith("created branch 'mission/abc-1' from main at ");
        assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.READY);
    }

    @Test
    void startsFromAFreshlyFetchedOriginBaseWhenThereIsAnOrigin() throws IOException {
        Path origin = GitFixture.addOrigin(repo, dir.resolve("origin.git"));
        GitFixture.pushUpstreamChange(origin, dir.resolve("other-clone"), "UPSTREAM.md");

        Workspace workspace = provider.create(request("ws-1", "mission/abc-1", "main", List.of()));

        assertThat(workspace.path().resolve("UPSTREAM.md")).exists();
        assertThat(repo.resolve("UPSTREAM.md")).doesNotExist();
        assertThat(steps).extracting(s -> s.name() + " " + s.phase()).containsExactly("creating STARTED",
                "fetching STARTED", "fetching FINISHED", "worktree STARTED", "worktree FINISHED", "creating FINISHED");
        assertThat(gitSucceeds(repo, "config", "branch.mission/abc-1.remote"))
                .as("the workspace branch does not track the base").isFalse();
    }

    @Test
    void theDispatchesOfOnePollShareOneFetchOfTheBase() throws IOException {
        MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
        LocalWorktreeProvider provider = new LocalWorktreeProvider(new AgentRunners(List.of()), clock);
        Path origin = GitFixture.addOrigin(repo, dir.resolve("origin.git"));

        provider.create(request("ws-1", "mission/abc-1", "main", List.of()));
        GitFixture.pushUpstreamChange(origin, dir.resolve("other-clone"), "UPSTREAM.md");
        clock.advance(Duration.ofSeconds(5));
        Workspace second = provider.create(request("ws-2", "mission/abc-2", "main", List.of()));

        assertThat(steps).extracting(s -> s.name() + " " + s.phase()).containsOnlyOnce("fetching STARTED");
        assertThat(second.path().resolve("UPSTREAM.md")).as("fetched 5 s ago: reused").doesNotExist();

        clock.advance(Duration.ofSeconds(10));
        Workspace third = provider.create(request("ws-3", "mission/abc-3", "main", List.of()));

        assertThat(third.path().resolve("UPSTREAM.md")).as("fetched again after 10 s").exists();
    }

    @Test
    void anOriginThatIsTheRepositoryItselfIsNotFetched() {
        git(repo, "remote", "add", "origin", repo.toString());

        Workspace workspace = provider.create(request("ws-1", "mission/abc-1", "main", List.of()));

        assertThat(steps).extracting(ProvisioningStep::name).doesNotContain("fetching");
        assertThat(steps.get(2).detail()).startsWith("created branch 'mission/abc-1' from main at ");
        assertThat(workspace.path().resolve("README.md")).hasContent("hello");
    }

    @Test
    void aBaseBranchDeletedAfterItWasResolvedIsStillReportedAsMissing() {
        git(repo, "branch", "develop");
        provider.create(request("ws-1", "mission/abc-1", "develop", List.of()));
        git(repo, "branch", "-D", "develop");

        assertThatThrownBy(() -> provider.create(request("ws-2", "mission/abc-2", "develop", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                        .isEqualTo("base_branch_missing"))
                .hasMessage("base branch 'develop' does not exist in " + real(repo));
    }

    @Test
    void aMissingBaseBranchIsReportedWithoutOrigin() {
        assertThatThrownBy(() -> provider.create(request("ws-1", "mission/abc-1", "develop", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                        .isEqualTo("base_branch_missing"))
                .hasMessage("base branch 'develop' does not exist in " + real(repo));
        assertThat(steps.getLast()).extracting(ProvisioningStep::name, ProvisioningStep::phase)
                .containsExactly("creating", Phase.FAILED);
    }

    @Test
    void aMissingBaseBranchIsReportedWithOrigin() {
        GitFixture.addOrigin(repo, dir.resolve("origin.git"));
        git(repo, "branch", "develop"); // exists locally, but not on origin: origin is what counts

        assertThatThrownBy(() -> provider.create(request("ws-1", "mission/abc-1", "develop", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                        .isEqualTo("base_branch_missing"))
                .hasMessageContaining("base branch 'develop' does not exist in origin of");
        assertThat(steps).extracting(s -> s.name() + " " + s.phase()).contains("fetching FAILED");
    }

    @Test
    void aDirectoryThatIsNotARepositoryIsRefusedWithGitsMessage() throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain"));

        assertThatThrownBy(() -> provider.create(new CreateWorkspaceRequest("ws-1", plain, "mission/x", "main", root,
                List.of(), Duration.ofMinutes(1), steps::add)))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                        .isEqualTo("not_a_git_repo"))
                .hasMessageContaining(plain.toString()).hasMessageContaining("not a git repository");
        assertThatThrownBy(() -> provider.create(new CreateWorkspaceRequest("ws-1", dir.resolve("nowhere"),
                "mission/x", "main", root, List.of(), Duration.ofMinutes(1), null)))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                        .isEqualTo("not_a_git_repo"));
    }

    @Test
    void anInvalidBranchNameIsRefused() {
        assertThatThrownBy(() -> provider.create(request("ws-1", "mission/bad..name", "main", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                        .isEqualTo("invalid_branch"));
    }

    @Test
    void creatingTheSameWorkspaceAgainReusesItsWorktreeAndKeepsTheWork() throws IOException {
        Workspace first = provider.create(request("ws-1", "mission/abc-1", "main", List.of()));
        Files.writeString(first.path().resolve("work-in-progress.txt"), "agent was here");
        steps.clear();

        Workspace second = provider.create(request("ws-1", "mission/abc-1", "main", List.of()));

        assertThat(second).isEqualTo(first);
        assertThat(second.path().resolve("work-in-progress.txt")).hasContent("agent was here");
        assertThat(steps).filteredOn(s -> s.name().equals("worktree") && s.phase() == Phase.FINISHED)
                .extracting(ProvisioningStep::detail).containsExactly("reusing " + first.path());
    }

    @Test
    void aStaleBranchAndAPrunableWorktreeAreRecovered() throws IOException {
        Workspace first = provider.create(request("ws-1", "mission/abc-1", "main", List.of()));
        Files.writeString(first.path().resolve("attempt-1.txt"), "old");
        GitFixture.commitAll(first.path(), "attempt 1");
        String oldTip = git(repo, "rev-parse", "mission/abc-1");
        deleteRecursively(first.path()); // the directory vanished; git still lists it (prunable) and the branch stays
        steps.clear();

        Workspace second = provider.create(request("ws-2", "mission/abc-1", "main", List.of()));

        assertThat(second.path()).isEqualTo(first.path());
        assertThat(second.path().resolve("attempt-1.txt")).doesNotExist();
        assertThat(git(repo, "rev-parse", "mission/abc-1")).isEqualTo(git(repo, "rev-parse", "main"));
        assertThat(steps).filteredOn(s -> s.name().equals("worktree") && s.phase() == Phase.FINISHED)
                .extracting(ProvisioningStep::detail).singleElement().asString()
                .startsWith("reset leftover branch 'mission/abc-1' (was " + oldTip + ") to main");
        assertThat(git(repo, "worktree", "list", "--porcelain")).doesNotContain("prunable");
        assertThat(provider.status(second)).isEqualTo(WorkspaceStatus.READY);
    }

    @Test
    void aCleanLeftoverOfAnotherWorkspaceIsReplaced() throws IOException {
        Workspace first = provider.create(request("ws-1", "mission/abc-1", "main", List.of()));
        Files.writeString(first.path().resolve("committed.txt"), "x");
        GitFixture.commitAll(first.path(), "attempt 1");

        Workspace second = provider.create(request("ws-2", "mission/abc-1", "main", List.of()));

        assertThat(second.id()).isEqualTo("ws-2");
        assertThat(second.path().resolve("committed.txt")).doesNotExist();
        assertThat(provider.status(second)).isEqualTo(WorkspaceStatus.READY);
    }

    @Test
    void aLeftoverWithUncommittedChangesIsNeverDestroyed() throws IOException {
        Workspace first = provider.create(request("ws-1", "mission/abc-1", "main", List.of()));
        Files.writeString(first.path().resolve("README.md"), "edited\n");
        Files.writeString(first.path().resolve("notes.txt"), "untracked work");

        assertThatThrownBy(() -> provider.create(request("ws-2", "mission/abc-1", "main", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> {
                    assertThat(e.code()).isEqualTo("dirty_worktree");
                    assertThat(e.hint()).contains("stash").contains("git worktree remove --force " + first.path());
                })
                .hasMessageContaining("leftover worktree " + first.path() + " has uncommitted changes (2 files")
                .hasMessageContaining("README.md").hasMessageContaining("notes.txt");
        assertThat(first.path().resolve("README.md")).hasContent("edited");
        assertThat(first.path().resolve("notes.txt")).hasContent("untracked work");
    }

    @Test
    void aBranchCheckedOutElsewhereOrAForeignDirectoryIsRefused() throws IOException {
        git(repo, "worktree", "add", "-q", "-b", "mission/abc-1", dir.resolve("elsewhere").toString(), "main");
        assertThatThrownBy(() -> provider.create(request("ws-1", "mission/abc-1", "main", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                        .isEqualTo("branch_checked_out"))
                .hasMessageContaining("elsewhere");

        Files.createDirectories(root.resolve("mission-abc-2"));
        Files.writeString(root.resolve("mission-abc-2/precious.txt"), "not ours");
        assertThatThrownBy(() -> provider.create(request("ws-2", "mission/abc-2", "main", List.of())))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                        .isEqualTo("worktree_path_in_use"));
        assertThat(root.resolve("mission-abc-2/precious.txt")).exists();
    }

    @Test
    void copiesTheFilesListedInWorktreeInclude() throws IOException {
        Files.writeString(repo.resolve(".worktreeinclude"), """
                # local files a fresh checkout lacks
                .env
                config/*.local.json
                **/secrets.txt
                missing.txt
                ../outside.txt
                """);
        GitFixture.commitAll(repo, "worktreeinclude");
        Files.writeString(repo.resolve(".env"), "TOKEN=abc\n");
        Files.createDirectories(repo.resolve("config/nested"));
        Files.writeString(repo.resolve("config/app.local.json"), "{}");
        Files.writeString(repo.resolve("config/app.json"), "{}");
        Files.writeString(repo.resolve("secrets.txt"), "root");
        Files.writeString(repo.resolve("config/nested/secrets.txt"), "nested");
        Files.writeString(dir.resolve("outside.txt"), "outside");

        Workspace workspace = provider.create(request("ws-1", "mission/abc-1", "main", List.of()));

        assertThat(workspace.path().resolve(".env")).hasContent("TOKEN=abc");
        assertThat(workspace.path().resolve("config/app.local.json")).exists();
        assertThat(workspace.path().resolve("config/app.json")).doesNotExist();
        assertThat(workspace.path().resolve("secrets.txt")).hasContent("root");
        assertThat(workspace.path().resolve("config/nested/secrets.txt")).hasContent("nested");
        assertThat(workspace.path().resolve("missing.txt")).doesNotExist();
        assertThat(dir.resolve("workspaces/outside.txt")).doesNotExist();

        // The copied files are untracked, but they are ours, not the agent's: the leftover counts as clean.
        Workspace next = provider.create(request("ws-2", "mission/abc-1", "main", List.of()));
        assertThat(next.path().resolve(".env")).hasContent("TOKEN=abc");
    }

    @Test
    void runsSetupCommandsInTheWorktreeAndReportsTheFailingOne() {
        assertThatThrownBy(() -> provider.create(request("ws-1", "mission/abc-1", "main", List.of(
                "echo \"$ORBITDOCK_WORKSPACE_ID\" > setup.txt", "echo step two; echo failing >&2; exit 1",
                "touch never.txt"))))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code()).isEqualTo("setup_failed"))
                .hasMessage("setup command 2/3 `echo step two; echo failing >&2; exit 1` exited with status 1:"
                        + " step two\nfailing");

        Path worktree = real(root).resolve("mission-abc-1");
        assertThat(worktree.resolve("setup.txt")).hasContent("ws-1");
        assertThat(worktree.resolve("never.txt")).doesNotExist();
        assertThat(steps).extracting(s -> s.name() + " " + s.phase()).containsSubsequence("setup 1/3 STARTED",
                "setup 1/3 FINISHED", "setup 2/3 STARTED", "setup 2/3 FAILED", "creating FAILED");
        assertThat(steps).extracting(ProvisioningStep::name).doesNotContain("setup 3/3");
        assertThat(steps).filteredOn(s -> s.phase() == Phase.FAILED && s.name().equals("setup 2/3"))
                .extracting(ProvisioningStep::detail).containsExactly("step two\nfailing\n");
    }

    @Test
    void aSetupCommandThatRunsTooLongIsKilled() {
        CreateWorkspaceRequest request = new CreateWorkspaceRequest("ws-1", repo, "mission/abc-1", "main", root,
                List.of("echo begun; sleep 60"), Duration.ofMillis(300), steps::add);

        assertThatThrownBy(() -> provider.create(request))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code()).isEqualTo("setup_failed"))
                .hasMessage("setup command 1/1 `echo begun; sleep 60` timed out after 300ms: begun");
    }

    @Test
    void destroyRemovesTheWorktreeKeepsTheBranchAndIsIdempotent() throws IOException {
        Workspace workspace = provider.create(request("ws-1", "mission/abc-1", "main", List.of()));
        Files.writeString(workspace.path().resolve("uncommitted.txt"), "gone with the worktree");

        provider.destroy(workspace, DestroyMode.FORCE);

        assertThat(workspace.path()).doesNotExist();
        assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.DESTROYED);
        assertThat(git(repo, "worktree", "list", "--porcelain")).doesNotContain("mission-abc-1");
        assertThat(gitSucceeds(repo, "rev-parse", "--verify", "refs/heads/mission/abc-1")).isTrue();

        provider.destroy(workspace, DestroyMode.GRACEFUL);
        provider.destroy(new Workspace("ws-never", WorkspaceKind.LOCAL, dir.resolve("never-created"), "x", null),
                DestroyMode.FORCE);
        assertThat(provider.status(workspace)).isEqualTo(WorkspaceStatus.DESTROYED);
    }

    @Test
    void destroyRefusesTheMainCheckoutAndStatusIgnoresForeignDirectories() {
        assertThatThrownBy(() -> provider.destroy(new Workspace("ws-x", WorkspaceKind.LOCAL, repo, "main", null),
                DestroyMode.FORCE))
                .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                        .isEqualTo("not_a_worktree"));
        assertThat(repo.resolve("README.md")).exists();
        assertThat(provider.status(new Workspace("ws-y", WorkspaceKind.LOCAL, dir, "x", null)))
                .isEqualTo(WorkspaceStatus.DESTROYED);
    }

    private CreateWorkspaceRequest request(String id, String branch, String base, List<String> setup) {
        return new CreateWorkspaceRequest(id, repo, branch, base, root, setup, Duration.ofMinutes(1), steps::add);
    }

    static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        try (var files = Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
