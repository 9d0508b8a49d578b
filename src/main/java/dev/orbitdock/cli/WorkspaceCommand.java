package dev.orbitdock.cli;

import dev.orbitdock.app.WorkspaceDestroys;
import dev.orbitdock.common.Durations;
import dev.orbitdock.mission.DestroyOutcome;
import dev.orbitdock.workspace.WorkspaceRegistry;
import dev.orbitdock.workspace.WorkspaceView;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "workspace", description = "Workspaces and their replication health (on the control plane).",
        subcommands = {WorkspaceCommand.ListWorkspaces.class, WorkspaceCommand.Show.class,
                WorkspaceCommand.Create.class, WorkspaceCommand.Destroy.class})
final class WorkspaceCommand {
    @ParentCommand
    RootCommand root;

    @Command(name = "list", description = "Workspaces with acked sequence, outbox depth, lag and last heartbeat.")
    static final class ListWorkspaces implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommand parent;

        @Option(names = "--all", description = "Include destroyed workspaces")
        boolean all;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                List<WorkspaceView> workspaces = services.workspaces().list(all);
                PrintWriter out = parent.root.context().out();
                if (json) {
                    Output.json(out, Map.of("workspaces", workspaces));
                } else if (workspaces.isEmpty()) {
                    parent.root.context().err().println("No workspaces" + (all ? "." : " (--all shows destroyed ones)."));
                } else {
                    Output.table(out, List.of("ID", "PROVIDER", "STATUS", "ACKED", "OUTBOX", "LAG", "HEARTBEAT",
                            "SESSION"), workspaces.stream().map(w -> List.of(w.id(), w.provider(), w.status(),
                            Long.toString(w.sync().ackedThrough()), Long.toString(w.sync().outboxDepth()),
                            lag(w.sync()), heartbeat(w.sync()), String.valueOf(w.sessionId()))).toList());
                }
                return 0;
            });
        }
    }

    @Command(name = "show", description = "One workspace in full.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommand parent;

        @Parameters(paramLabel = "<id>")
        String id;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                WorkspaceView w = services.workspaces().require(id);
                PrintWriter out = parent.root.context().out();
                if (json) {
                    Output.json(out, w);
                    return 0;
                }
                Output.table(out, List.of("FIELD", "VALUE"), List.of(
                        List.of("id", w.id()), List.of("provider", w.provider()), List.of("status", w.status()),
                        List.of("session", String.valueOf(w.sessionId())),
                        List.of("mission issue", String.valueOf(w.missionIssueId())),
                        List.of("external id", String.valueOf(w.externalId())),
                        List.of("created", String.valueOf(w.createdAt())),
                        List.of("ready", String.valueOf(w.readyAt())),
                        List.of("destroyed", String.valueOf(w.destroyedAt())),
                        List.of("last error", String.valueOf(w.lastError())),
                        List.of("acked through", Long.toString(w.sync().ackedThrough())),
                        List.of("generation", Long.toString(w.sync().generation())),
                        List.of("outbox depth", Long.toString(w.sync().outboxDepth())),
                        List.of("replication lag", lag(w.sync())),
                        List.of("last heartbeat", heartbeat(w.sync()))));
                return 0;
            });
        }
    }

    @Command(name = "create", description = {"Register a workspace for a managed instance you start yourself and",
            "print its token once (stdout) and the command to run there."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommand parent;

        @Option(names = "--provider", defaultValue = "manual",
                description = "Where it runs, for the listing (default: manual)")
        String provider;

        @Option(names = "--mission-issue-id", paramLabel = "<id>", description = "The mission issue it works on")
        String missionIssueId;

        @Option(names = "--json", description = "Print JSON (includes the token)")
        boolean json;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                WorkspaceRegistry.Registration r = services.workspaces().register(provider, missionIssueId);
                CliContext context = parent.root.context();
                if (json) {
                    Output.json(context.out(), Map.of("workspace_id", r.workspaceId(), "session_id", r.sessionId(),
                            "generation", r.generation(), "token", r.token().token()));
                    return 0;
                }
                context.out().println(r.token().token());
                context.err().println("Registered workspace " + r.workspaceId() + " (session " + r.sessionId()
                        + "). The token above is shown only now. On the workspace run:");
                context.err().println("  ORBITDOCK_SYNC_TOKEN=<token> orbitdock start --managed --workspace-id "
                        + r.workspaceId() + " --session-id " + r.sessionId()
                        + (r.missionIssueId() == null ? "" : " --mission-issue-id " + r.missionIssueId())
                        + " --sync-url <this server's URL> --provider command --prompt-file <file>");
                return 0;
            });
        }
    }

    @Command(name = "destroy", description = {"Destroy a workspace as the API does: a mission's run there is",
            "stopped (its issue fails, not retried on its own), the workspace removed",
            "through its provider and its token revoked. A run of a running server is",
            "stopped by that server within a few seconds."})
    static final class Destroy implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommand parent;

        @Parameters(paramLabel = "<id>")
        String id;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                CliContext context = parent.root.context();
                return switch (services.destroyWorkspace(id)) {
                    case WorkspaceDestroys.LeftToServer left -> {
                        context.out().println("marked " + id + " destroyed (token revoked); the running server stops"
                                + " the run of " + left.issue() + " (it fails, not retried on its own) and removes"
                                + " the workspace through its provider");
                        yield 0;
                    }
                    case WorkspaceDestroys.Done done -> report(done.outcome(), context);
                };
            });
        }

        private int report(DestroyOutcome outcome, CliContext context) {
            WorkspaceView w = outcome.workspace();
            context.out().println("destroyed " + w.id() + " (token revoked"
                    + (outcome.stoppedIssue() == null ? "" : "; the run of " + outcome.stoppedIssue()
                            + " was stopped and failed, not retried on its own")
                    + (outcome.viaProvider() && outcome.removed() ? "; removed through the " + w.provider()
                            + " provider" : "") + ")");
            if (outcome.viaProvider() && !outcome.removed()) {
                context.err().println("error: the " + w.provider() + " provider could not remove it (cause above);"
                        + " remove " + (w.externalId() == null ? "it" : w.externalId()) + " by hand");
                return 1;
            }
            return 0;
        }
    }

    private static String lag(WorkspaceView.Sync sync) {
        return sync.lastHeartbeatAt() == null ? "-" : Durations.format(Duration.ofMillis(sync.lagMillis()));
    }

    private static String heartbeat(WorkspaceView.Sync sync) {
        return sync.heartbeatAgeSeconds() == null ? "never"
                : Durations.format(Duration.ofSeconds(sync.heartbeatAgeSeconds())) + " ago";
    }
}
