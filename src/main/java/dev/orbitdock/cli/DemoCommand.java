package dev.orbitdock.cli;

import dev.orbitdock.app.DemoRepo;
import dev.orbitdock.app.Services;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.MissionOrchestrator;
import dev.orbitdock.mission.MissionRecord;
import dev.orbitdock.mission.OrchestrationState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", description = {"Run a whole mission end to end on the embedded defaults.",
        "A throw-away git repo, a local tracker with three issues and a command agent that commits on mission",
        "branches (one attempt fails and is retried). Prints every state change, then the board. Needs only git."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--dir", paramLabel = "<dir>", description = "Where to put the demo (default: a new temp dir)")
    Path dir;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "<seconds>",
            description = "Give up after this many seconds (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path base = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("orbitdock-demo-");
        PrintWriter out = root.context().out();
        Path repo = DemoRepo.create(base);
        DataDir dataDir = new DataDir(base.resolve("orbitdock-data"));
        out.println("demo repo: " + repo);
        out.println("data dir:  " + dataDir.path() + "\n");
        try (Services services = Services.open(dataDir, root.context().env(), Map.of());
             MissionOrchestrator orchestrator = services.orchestrator()) {
            MissionRecord mission = services.missions().add(repo);
            orchestrator.start();
            List<MissionIssue> issues = follow(services, mission, out, Duration.ofSeconds(timeoutSeconds));
            out.println();
            MissionCommand.printMission(root.context(), services.missions().require(mission.id()), issues);
            out.println("\nCommits on mission branches:");
            out.print(DemoRepo.git(repo, "log", "--oneline", "--branches=mission/*", "--not", "main"));
            out.flush();
            boolean allDone = issues.stream().allMatch(i -> i.state() == OrchestrationState.COMPLETED);
            if (!allDone) {
                root.context().err().println("error: not every issue completed; see the board above");
            }
            return allDone ? 0 : 1;
        }
    }

    /** Prints each state change until every issue is settled or the deadline passes. */
    private static List<MissionIssue> follow(Services services, MissionRecord mission, PrintWriter out,
                                             Duration timeout) throws InterruptedException {
        Map<String, String> seen = new HashMap<>();
        Instant end = Instant.now().plus(timeout);
        List<MissionIssue> issues = List.of();
        while (Instant.now().isBefore(end)) {
            issues = services.missions().issues(mission.id());
            for (MissionIssue issue : issues) {
                String line = String.format("%-7s %-28s %s%s", issue.identifier(), issue.title(), issue.state().wire(),
                        issue.lastError() == null ? "" : " (" + issue.lastError() + ")");
                if (!line.equals(seen.put(issue.id(), line))) {
                    out.println(line);
                    out.flush();
                }
            }
            if (!issues.isEmpty() && issues.stream().allMatch(i -> i.state().isSettled())) {
                break;
            }
            Thread.sleep(100); // sampling the board for display; nothing waits on this
        }
        return issues;
    }
}
