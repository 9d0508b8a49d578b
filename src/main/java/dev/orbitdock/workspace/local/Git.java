package dev.orbitdock.workspace.local;

import dev.orbitdock.workspace.WorkspaceException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs git with an environment that makes it predictable regardless of where OrbitDock itself was started. */
final class Git {
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final Duration FETCH_TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_OUTPUT = 1 << 20;
    private static final Map<String, String> ENV = environment();

    private Git() {}

    static LocalProcess.Result run(Path dir, String... args) {
        return run(dir, TIMEOUT, args);
    }

    static LocalProcess.Result run(Path dir, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add("git");
        command.addAll(List.of(args));
        try {
            return LocalProcess.capture(command, dir, ENV, timeout, MAX_OUTPUT);
        } catch (IOException e) {
            throw new WorkspaceException("git_failed", "cannot run git in " + dir + ": " + e.getMessage(),
                    "install git and make sure it is on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkspaceException("interrupted", "interrupted while running git " + String.join(" ", args),
                    null, e);
        }
    }

    /** Runs git and returns its trimmed stdout, or fails with {@code code} and git's own message. */
    static String check(Path dir, String code, String... args) {
        LocalProcess.Result result = run(dir, args);
        if (!result.ok()) {
            throw new WorkspaceException(code, "git " + String.join(" ", args) + " failed: " + message(result), null,
                    null);
        }
        return result.stdout().strip();
    }

    /** What git said about a failure, in one piece. */
    static String message(LocalProcess.Result result) {
        if (result.timedOut()) {
            return "timed out";
        }
        String text = result.stderr().isBlank() ? result.stdout() : result.stderr();
        return text.isBlank() ? "exit status " + result.exitCode() : text.strip();
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        // Inherited from e.g. a git hook, these would point every call at some other repository.
        for (String name : List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
                "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE", "GIT_PREFIX")) {
            env.put(name, null);
        }
        env.put("GIT_TERMINAL_PROMPT", "0"); // a fetch must fail, not wait for a password nobody will type
        env.put("LC_ALL", "C"); // we recognise some of git's messages
        // We make no commits, but some git versions want an identity for any ref update; one set in the
        // environment wins.
        Map<String, String> inherited = System.getenv();
        defaultTo(env, inherited, "GIT_AUTHOR_NAME", "OrbitDock");
        defaultTo(env, inherited, "GIT_AUTHOR_EMAIL", "orbitdock@localhost");
        defaultTo(env, inherited, "GIT_COMMITTER_NAME", "OrbitDock");
        defaultTo(env, inherited, "GIT_COMMITTER_EMAIL", "orbitdock@localhost");
        return env;
    }

    private static void defaultTo(Map<String, String> env, Map<String, String> inherited, String name, String value) {
        if (!inherited.containsKey(name)) {
            env.put(name, value);
        }
    }
}
