package dev.orbitdock.workspace.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a linked worktree's git metadata lives, read from the files git writes ({@code <worktree>/.git} says
 * {@code gitdir: <admin dir>}, and the admin dir's {@code commondir} names the repository's git dir) instead of
 * asking a {@code git rev-parse} process: a workspace is created and destroyed hundreds of times a run.
 *
 * @param adminDir  {@code <common dir>/worktrees/<name>}
 * @param commonDir the repository's git dir, shared by all its worktrees
 */
record WorktreeLink(Path adminDir, Path commonDir) {
    private static final String GITDIR = "gitdir:";

    /**
     * The link of the linked worktree at {@code worktree}; empty for anything else (a main checkout, whose
     * {@code .git} is a directory; a submodule, whose admin dir has no {@code commondir}; no checkout at all).
     */
    static Optional<WorktreeLink> of(Path worktree) {
        Path dotGit = worktree.resolve(".git");
        try {
            if (!Files.isRegularFile(dotGit)) {
                return Optional.empty();
            }
            String pointer = Files.readString(dotGit).strip();
            if (!pointer.startsWith(GITDIR)) {
                return Optional.empty();
            }
            Path adminDir = worktree.resolve(pointer.substring(GITDIR.length()).strip()).normalize();
            Path commonDirFile = adminDir.resolve("commondir");
            if (!Files.isRegularFile(commonDirFile)) {
                return Optional.empty();
            }
            Path commonDir = adminDir.resolve(Files.readString(commonDirFile).strip()).normalize();
            return Files.isDirectory(commonDir) ? Optional.of(new WorktreeLink(adminDir, commonDir)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or not a path: callers fall back to asking git
        }
    }
}
