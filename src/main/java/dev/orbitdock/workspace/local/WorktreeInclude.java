package dev.orbitdock.workspace.local;

import dev.orbitdock.workspace.WorkspaceException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the files a fresh checkout lacks (untracked {@code .env}, local config) listed in the repo's
 * {@code .worktreeinclude}: one path or glob per line, relative to the repo root, {@code #} starts a comment. Globs
 * follow {@link java.nio.file.FileSystem#getPathMatcher}; a leading {@code **}{@code /} also matches at the root. A
 * file that already exists in the worktree is left alone (tracked files, or the agent's edits on a reused one).
 */
final class WorktreeInclude {
    static final String FILE = ".worktreeinclude";
    private static final Logger log = LoggerFactory.getLogger(WorktreeInclude.class);

    private WorktreeInclude() {}

    /** @return the copied files, relative to the repo root */
    static Set<String> copy(Path repo, Path worktree) {
        Path list = repo.resolve(FILE);
        if (!Files.isRegularFile(list)) {
            return Set.of();
        }
        try {
            Set<String> copied = new LinkedHashSet<>();
            for (String pattern : patterns(list)) {
                for (Path source : matches(repo, pattern)) {
                    Path relative = repo.relativize(source);
                    Path target = worktree.resolve(relative.toString());
                    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(target.getParent());
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                        copied.add(relative.toString());
                    }
                }
            }
            return copied;
        } catch (IOException e) {
            throw new WorkspaceException("worktree_failed", "copying the files of " + list + " failed: " + e,
                    "fix or remove " + list, e);
        }
    }

    private static List<String> patterns(Path list) throws IOException {
        List<String> patterns = new ArrayList<>();
        for (String raw : Files.readAllLines(list)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("/") || Path.of(line).normalize().startsWith("..")) {
                log.warn("{}: ignoring '{}', which points outside the repository", list, line);
                continue;
            }
            patterns.add(line.endsWith("/") ? line.substring(0, line.length() - 1) : line);
        }
        return patterns;
    }

    /** Regular files (and symlinks) under the repo matching one pattern; a plain directory name means its files. */
    private static List<Path> matches(Path repo, String pattern) throws IOException {
        boolean glob = pattern.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
        if (!glob) {
            Path path = repo.resolve(pattern);
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return walk(repo, path, file -> true);
            }
            return Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? List.of(path) : List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        PathMatcher atRoot = pattern.startsWith("**/")
                ? FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)) : matcher;
        return walk(repo, repo, file -> {
            Path relative = repo.relativize(file);
            return matcher.matches(relative) || atRoot.matches(relative);
        });
    }

    /** Walks {@code start}, skipping {@code .git} and nested repositories or worktrees (the worktree root may be one). */
    private static List<Path> walk(Path repo, Path start, Predicate<Path> wanted) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                boolean nested = !dir.equals(repo) && Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS);
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git") || nested
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isDirectory() && wanted.test(file)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }
}
