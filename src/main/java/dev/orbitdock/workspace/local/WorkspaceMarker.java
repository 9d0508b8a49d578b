package dev.orbitdock.workspace.local;

import dev.orbitdock.workspace.WorkspaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which workspace a worktree belongs to and which files we copied into it, kept in the worktree's git admin dir
 * ({@code .git/worktrees/<name>/}): outside the working tree, so it never shows as a change, and removed with the
 * worktree. It tells a repeated create of the same workspace (reuse) from a leftover of an earlier one (replace).
 */
record WorkspaceMarker(String workspaceId, Set<String> copiedFiles) {
    private static final String FILE = "orbitdock-workspace";
    private static final String ID = "workspace-id=";
    private static final String COPIED = "copied=";

    static Optional<WorkspaceMarker> read(Path worktree) {
        Path adminDir = WorktreeLink.of(worktree).map(WorktreeLink::adminDir).orElse(null);
        if (adminDir == null) {
            LocalProcess.Result asked = Git.run(worktree, "rev-parse", "--absolute-git-dir");
            if (!asked.ok()) {
                return Optional.empty();
            }
            adminDir = Path.of(asked.stdout().strip());
        }
        Path file = adminDir.resolve(FILE);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String id = null;
            Set<String> copied = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(ID)) {
                    id = line.substring(ID.length());
                } else if (line.startsWith(COPIED)) {
                    copied.add(line.substring(COPIED.length()));
                }
            }
            return id == null ? Optional.empty() : Optional.of(new WorkspaceMarker(id, copied));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void write(Path worktree) {
        Path adminDir = WorktreeLink.of(worktree).map(WorktreeLink::adminDir).orElseGet(() ->
                Path.of(Git.check(worktree, "worktree_failed", "rev-parse", "--absolute-git-dir")));
        List<String> lines = new ArrayList<>();
        lines.add(ID + workspaceId);
        copiedFiles.forEach(file -> lines.add(COPIED + file));
        try {
            Files.write(adminDir.resolve(FILE), lines);
        } catch (IOException e) {
            throw new WorkspaceException("worktree_failed", "cannot write " + adminDir.resolve(FILE) + ": "
                    + e.getMessage(), null, e);
        }
    }
}
