package dev.orbitdock.workspace;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What to provision: a workspace on {@code branch} (created from {@code origin/<baseBranch>}, or the local
 * {@code baseBranch} when the repo has no remote) of the repo at {@code repoPath}, under {@code root}, then the
 * {@code setupCommands} (each bounded by {@code setupTimeout}). Progress goes to {@code progress} as it happens.
 * {@code missionId} (may be null) labels remote resources so they can be found again by mission.
 * {@code takesOver} (may be null) names an earlier workspace on the same branch whose kept worktree this one
 * continues in (a retry going on where the last attempt stopped); a local provider reuses it as it is.
 */
public record CreateWorkspaceRequest(String workspaceId, Path repoPath, String branch, String baseBranch, Path root,
                                     List<String> setupCommands, Duration setupTimeout,
                                     Consumer<ProvisioningStep> progress, String missionId, String takesOver) {
    public CreateWorkspaceRequest {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(repoPath, "repoPath");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(baseBranch, "baseBranch");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(setupTimeout, "setupTimeout");
        setupCommands = List.copyOf(setupCommands);
        progress = progress == null ? step -> {} : progress;
    }

    /** A new workspace of a mission. */
    public CreateWorkspaceRequest(String workspaceId, Path repoPath, String branch, String baseBranch, Path root,
                                  List<String> setupCommands, Duration setupTimeout,
                                  Consumer<ProvisioningStep> progress, String missionId) {
        this(workspaceId, repoPath, branch, baseBranch, root, setupCommands, setupTimeout, progress, missionId, null);
    }

    /** A request that names no mission: its remote resources carry only the workspace label. */
    public CreateWorkspaceRequest(String workspaceId, Path repoPath, String branch, String baseBranch, Path root,
                                  List<String> setupCommands, Duration setupTimeout,
                                  Consumer<ProvisioningStep> progress) {
        this(workspaceId, repoPath, branch, baseBranch, root, setupCommands, setupTimeout, progress, null);
    }
}
