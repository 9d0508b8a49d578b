package dev.orbitdock.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A mission's repository for tests that run a whole server: MISSION.md and one local tracker issue, committed. */
public final class MissionRepos {
    private MissionRepos() {}

    /**
     * @param missionMd the whole MISSION.md
     * @return {@code repo}, a git repo on {@code main} with issue T-1 (priority 1) in {@code .orbitdock/issues}
     */
    public static Path create(Path repo, String missionMd, String issueTitle) throws IOException {
        Files.createDirectories(repo.resolve(".orbitdock/issues"));
        Files.writeString(repo.resolve("MISSION.md"), missionMd);
        Files.writeString(repo.resolve(".orbitdock/issues/T-1.md"), "---\nidentifier: T-1\ntitle: " + issueTitle
                + "\nstate: Todo\npriority: 1\n---\n" + issueTitle + ".\n");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "init");
        return repo;
    }

    /** Whether a directory (a worktree root, say) is missing or has nothing in it. */
    public static boolean emptyOrMissing(Path directory) {
        if (!Files.isDirectory(directory)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void git(Path repo, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("git " + args[0] + " failed in " + repo);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
