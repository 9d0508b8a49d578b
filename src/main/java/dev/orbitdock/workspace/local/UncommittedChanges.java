package dev.orbitdock.workspace.local;

import dev.orbitdock.workspace.WorkspaceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The uncommitted changes of a worktree (untracked files included), as {@code git status} reports them. */
final class UncommittedChanges {
    private static final int SHOWN = 5;

    private UncommittedChanges() {}

    /** @param ignoredUntracked files we copied in ourselves, which are not the agent's work */
    static List<String> of(Path worktree, Set<String> ignoredUntracked) {
        LocalProcess.Result status = Git.run(worktree, "status", "--porcelain", "-z", "--untracked-files=all");
        if (!status.ok()) {
            // Not knowing is treated like dirty: the caller must not delete what it cannot inspect.
            throw new WorkspaceException("dirty_worktree", "cannot tell whether leftover worktree " + worktree
                    + " has uncommitted changes: " + Git.message(status),
                    "inspect it and remove it (git worktree remove --force " + worktree + ")", null);
        }
        List<String> changes = new ArrayList<>();
        String[] entries = status.stdout().split("\0");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            if (entry.length() < 4) {
                continue;
            }
            String code = entry.substring(0, 2);
            String file = entry.substring(3);
            if (code.charAt(0) == 'R' || code.charAt(0) == 'C') {
                i++; // a rename or copy is followed by its source path
            }
            if (!(code.equals("??") && ignoredUntracked.contains(file))) {
                changes.add(file);
            }
        }
        return changes;
    }

    static String summary(List<String> changes) {
        String shown = String.join(", ", changes.subList(0, Math.min(SHOWN, changes.size())));
        return changes.size() + (changes.size() == 1 ? " file: " : " files, e.g. ") + shown;
    }
}
