package dev.orbitdock.cli;

import dev.orbitdock.app.Services;
import dev.orbitdock.mission.IssueSummary;
import dev.orbitdock.mission.ProvisioningProgress;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.MissionSummary;
import dev.orbitdock.mission.MissionRecord;
import dev.orbitdock.mission.OrchestrationState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "mission", description = "Register repos with a MISSION.md and steer their issues.",
        subcommands = {MissionCommand.Add.class, MissionCommand.ListMissions.class, MissionCommand.Show.class,
                ProviderCommand.class})
final class MissionCommand {
    @ParentCommand
    RootCommand root;

    static void printMission(CliContext context, MissionRecord m, List<MissionIssue> issues) {
        var out = context.out();
        out.println(m.name() + "  (" + m.id() + ")" + (m.paused() ? "  [paused]" : ""));
        out.println("  repo:    " + m.repoPath());
        out.println("  tracker: " + (m.tracker() == null ? "-" : m.tracker()));
        if (m.parseError() != null) {
            out.println("  MISSION.md has problems:");
            m.parseError().lines().forEach(line -> out.println("    " + line));
        }
        if (m.lastPollError() != null) {
            out.println("  last poll failed: " + m.lastPollError());
        }
        if (issues.isEmpty()) {
            out.println("  no issues yet" + (m.lastPolledAt() == null ? " (not polled yet: is `orbitdock start` running?)" : ""));
        } else {
            Output.table(out, List.of("  ISSUE", "STATE", "ATTEMPT", "TITLE", "LAST ERROR"), issues.stream()
                    .map(i -> List.of("  " + i.identifier(), i.state().wire(), Integer.toString(i.attempt()),
                            i.title(), i.lastError() == null ? "" : i.lastError().lines().findFirst().orElse("")))
                    .toList());
        }
        out.flush();
    }

    /** Each remote workspace's provisioning steps: what ran, how it ended, how long it took. */
    private static void printProvisioning(CliContext context, Map<String, List<ProvisioningProgress>> provisioning) {
        var out = context.out();
        provisioning.forEach((identifier, steps) -> {
            out.println("  " + identifier + " provisioning:");
            Output.table(out, List.of("    STEP", "STATUS", "TOOK", "DETAIL"), steps.stream()
                    .map(step -> List.of("    " + step.name(), step.status(),
                            step.took() == null ? "" : step.took().toMillis() + " ms",
                            step.error() != null ? step.error() : step.detail() == null ? "" : step.detail()))
                    .toList());
        });
        out.flush();
    }

    @Command(name = "add", description = "Register a repo that has a MISSION.md (re-running refreshes it).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        MissionCommand parent;

        @Parameters(paramLabel = "<repo>", description = "Path of the git repository")
        Path repo;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                MissionRecord mission = services.missions().add(repo);
                var context = parent.root.context();
                context.out().println("mission " + mission.name() + " (" + mission.id() + ") registered for "
                        + mission.repoPath());
                if (mission.parseError() != null) {
                    context.err().println("warning: MISSION.md has problems; the mission will not dispatch until they are fixed:");
                    mission.parseError().lines().forEach(l -> context.err().println("  " + l));
                    return 1;
                }
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List missions with their issue counts.")
    static final class ListMissions implements Callable<Integer> {
        @ParentCommand
        MissionCommand parent;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                List<MissionSummary> views = services.missions().list().stream()
                        .map(m -> MissionSummary.of(m, services.missions().issues(m.id()))).toList();
                var context = parent.root.context();
                if (json) {
                    Output.json(context.out(), Map.of("missions", views));
                } else if (views.isEmpty()) {
                    context.err().println("No missions. Register one with: orbitdock mission add <repo>");
                } else {
                    Output.table(context.out(), List.of("ID", "NAME", "STATUS", "ISSUES", "REPO"), views.stream()
                            .map(v -> List.of(v.id(), v.name(), v.parseError() != null ? "invalid MISSION.md"
                                            : v.paused() ? "paused" : "active",
                                    v.issues().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                            .collect(Collectors.joining(" ")), v.repo()))
                            .toList());
                }
                return 0;
            });
        }
    }

    @Command(name = "show", description = "Show a mission: its MISSION.md status and every issue's state.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        MissionCommand parent;

        @Parameters(paramLabel = "<mission>", description = "Mission id or name")
        String mission;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                MissionRecord m = services.missions().require(mission);
                List<MissionIssue> issues = services.missions().issues(m.id());
                Map<String, List<ProvisioningProgress>> provisioning = new LinkedHashMap<>();
                issues.forEach(i -> {
                    List<ProvisioningProgress> steps = services.missions().provisioning(i);
                    if (!steps.isEmpty()) {
                        provisioning.put(i.identifier(), steps);
                    }
                });
                if (json) {
                    Output.json(parent.root.context().out(), Map.of("mission", MissionSummary.of(m, issues),
                            "issues", issues.stream().map(IssueSummary::of).toList(),
                            "provisioning", provisioning));
                } else {
                    printMission(parent.root.context(), m, issues);
                    printProvisioning(parent.root.context(), provisioning);
                }
                return 0;
            });
        }
    }

    @Command(name = "pause", description = "Stop dispatching new issues (running agents continue).")
    int pause(@Parameters(paramLabel = "<mission>") String mission) {
        return say(services -> "paused " + services.missions().setPaused(mission, true).name());
    }

    @Command(name = "resume", description = "Dispatch again after a pause.")
    int resume(@Parameters(paramLabel = "<mission>") String mission) {
        return say(services -> "resumed " + services.missions().setPaused(mission, false).name());
    }

    @Command(name = "trigger", description = "Poll the mission's tracker now instead of at the next interval.")
    int trigger(@Parameters(paramLabel = "<mission>") String mission) {
        return say(services -> "triggered " + services.missions().trigger(mission).name()
                + " (a running server polls it within a second)");
    }

    @Command(name = "retry", description = "Queue a failed, stalled or blocked issue again now.")
    int retry(@Parameters(paramLabel = "<issue-id>") String issue) {
        return say(services -> services.missions().transition(issue, OrchestrationState.QUEUED).identifier()
                + " is queued again");
    }

    /** Runs an action and prints its one-line outcome. */
    private int say(Function<Services, String> action) {
        String line = root.withServices(action);
        root.context().out().println(line);
        return 0;
    }
}
