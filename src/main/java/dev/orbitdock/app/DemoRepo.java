package dev.orbitdock.app;

import dev.orbitdock.common.OrbitDockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away git repo with a MISSION.md, a local tracker holding three issues and a command agent that makes a
 * real commit per issue (and fails its first attempt at one issue, to show a retry).
 */
public final class DemoRepo {
    static final String MISSION = """
            ---
            name: demo
            tracker:
              kind: local
              directory: .orbitdock/issues
            trigger:
              interval: 1s
              filters:
                states: ["Todo"]
            provider:
              max_concurrent: 2
            orchestration:
              max_retries: 2
              max_backoff: 1s
              stall_timeout: 2m
              base_branch: main
            agent:
              kind: command
              command:
                run: sh .orbitdock/agent.sh
                timeout: 2m
            ---
            You are working on {{ issue.identifier }}: {{ issue.title }} (attempt {{ attempt }}).

            {{ issue.description }}

            Commit your work on branch {{ workspace.branch }}.
            """;

    static final String AGENT = """
            #!/bin/sh
            # The demo's "agent": reads the prompt, makes a real commit on the mission branch.
            set -e
            echo "reading prompt $ORBITDOCK_PROMPT_FILE"
            if [ "$ORBITDOCK_ISSUE_IDENTIFIER" = "DEMO-2" ] && [ "$ORBITDOCK_ATTEMPT" = "1" ]; then
              echo "simulated failure on the first attempt" >&2
              exit 3
            fi
            mkdir -p notes
            { echo "# $ORBITDOCK_ISSUE_IDENTIFIER"; echo; cat "$ORBITDOCK_PROMPT_FILE"; } > "notes/$ORBITDOCK_ISSUE_IDENTIFIER.md"
            git add notes
            git -c user.name="OrbitDock demo agent" -c user.email="agent@orbitdock.invalid" \\
              commit -q -m "$ORBITDOCK_ISSUE_IDENTIFIER: $ORBITDOCK_ISSUE_TITLE"
            echo "{\\"type\\":\\"commit\\",\\"sha\\":\\"$(git rev-parse --short HEAD)\\"}"
            echo "done with $ORBITDOCK_ISSUE_IDENTIFIER"
            """;

    private DemoRepo() {}

    public static Path create(Path dir) {
        try {
            Path repo = Files.createDirectories(dir.resolve("repo"));
            Files.writeString(repo.resolve("README.md"), "# Demo project\n");
            Files.writeString(repo.resolve("MISSION.md"), MISSION);
            Path agent = Files.createDirectories(repo.resolve(".orbitdock")).resolve("agent.sh");
            Files.writeString(agent, AGENT);
            Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path issues = Files.createDirectories(repo.resolve(".orbitdock/issues"));
            issue(issues, "DEMO-1", "Write the welcome note", 2, "Say hello to new contributors.");
            issue(issues, "DEMO-2", "Document the flaky build", 1, "Explain why the build fails sometimes.");
            issue(issues, "DEMO-3", "List the next steps", 3, "What should we do after the demo?");
            git(repo, "init", "-q", "-b", "main");
            git(repo, "add", ".");
            git(repo, "-c", "user.name=OrbitDock demo", "-c", "user.email=demo@orbitdock.invalid", "commit", "-q",
                    "-m", "Demo project");
            return repo;
        } catch (IOException e) {
            throw new OrbitDockException("demo_setup_failed", "Cannot create the demo repo in " + dir + ": "
                    + e.getMessage(), "pass a writable --dir", e);
        }
    }

    private static void issue(Path dir, String id, String title, int priority, String body) throws IOException {
        Files.writeString(dir.resolve(id + ".md"), "---\nidentifier: " + id + "\ntitle: " + title
                + "\nstate: Todo\npriority: " + priority + "\nlabels: [demo]\n---\n" + body + "\n");
    }

    public static String git(Path repo, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new OrbitDockException("demo_git_failed", "git " + String.join(" ", args) + " failed: "
                        + output.strip(), "is git installed and on PATH?");
            }
            return output;
        } catch (IOException e) {
            throw new OrbitDockException("git_missing", "Cannot run git: " + e.getMessage(),
                    "install git and put it on PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
