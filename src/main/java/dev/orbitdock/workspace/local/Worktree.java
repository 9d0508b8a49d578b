package dev.orbitdock.workspace.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One entry of {@code git worktree list --porcelain}. {@code branch} is the short name, null when detached. */
record Worktree(Path path, String branch, boolean prunable) {

    static List<Worktree> list(Path repo) {
        return parse(Git.check(repo, "git_failed", "worktree", "list", "--porcelain"));
    }

    static List<Worktree> parse(String porcelain) {
        List<Worktree> worktrees = new ArrayList<>();
        Path path = null;
        String branch = null;
        boolean prunable = false;
        for (String line : (porcelain + "\n\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (path != null) {
                    worktrees.add(new Worktree(path, branch, prunable || !Files.isDirectory(path)));
                }
                path = null;
                branch = null;
                prunable = false;
            } else if (line.startsWith("worktree ")) {
                path = Path.of(line.substring("worktree ".length()));
            } else if (line.startsWith("branch refs/heads/")) {
                branch = line.substring("branch refs/heads/".length());
            } else if (line.equals("prunable") || line.startsWith("prunable ")) {
                prunable = true;
            }
        }
        return worktrees;
    }

    boolean isAt(Path other) {
        return canonical(path).equals(canonical(other));
    }

    /** Resolves symlinks (such as macOS's /tmp) where the path exists, so git's paths and ours compare. */
    static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
