package dev.orbitdock.workspace.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Throw-away git repositories for tests, with an identity in the environment so commits work anywhere. */
final class GitFixture {
    static final Map<String, String> IDENTITY = Map.of(
            "GIT_AUTHOR_NAME", "Test Author", "GIT_AUTHOR_EMAIL", "author@example.com",
            "GIT_COMMITTER_NAME", "Test Committer", "GIT_COMMITTER_EMAIL", "committer@example.com");

    private GitFixture() {}

    /** A repo on branch {@code main} with one commit (README.md). */
    static Path repo(Path dir) throws IOException {
        Files.createDirectories(dir);
        git(dir, "init", "-q", "-b", "main");
        Files.writeString(dir.resolve("README.md"), "hello\n");
        commitAll(dir, "initial commit");
        return dir;
    }

    /** A bare {@code origin} for {@code repo} with its {@code main} pushed. */
    static Path addOrigin(Path repo, Path bare) {
        git(repo.getParent(), "init", "-q", "--bare", "-b", "main", bare.toString());
        git(repo, "remote", "add", "origin", bare.toString());
        git(repo, "push", "-q", "origin", "main");
        return bare;
    }

    /** Commits a file to origin's {@code main} from another clone, so origin is ahead of the local main. */
    static void pushUpstreamChange(Path bare, Path scratch, String file) throws IOException {
        git(scratch.getParent(), "clone", "-q", bare.toString(), scratch.toString());
        Files.writeString(scratch.resolve(file), "from upstream\n");
        commitAll(scratch, "upstream change");
        git(scratch, "push", "-q", "origin", "main");
    }

    static void commitAll(Path dir, String message) {
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", message);
    }

    /** Runs git and returns its trimmed stdout; fails the test if git fails. */
    static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(IDENTITY);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = process.waitFor();
            if (code != 0) {
                throw new AssertionError("git " + String.join(" ", args) + " failed with " + code + ": " + output);
            }
            return output.strip();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Like {@link #git} but returns whether git succeeded. */
    static boolean gitSucceeds(Path dir, String... args) {
        try {
            git(dir, args);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
