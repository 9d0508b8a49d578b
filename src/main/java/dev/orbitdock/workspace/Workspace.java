package dev.orbitdock.workspace;

import java.nio.file.Path;
import java.util.Objects;

/** A provisioned workspace: for LOCAL, {@code path} is the git worktree and {@code externalId} is null. */
public record Workspace(String id, WorkspaceKind kind, Path path, String branch, String externalId) {
    public Workspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(branch, "branch");
    }
}
