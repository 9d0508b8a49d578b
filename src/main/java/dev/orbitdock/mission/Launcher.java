package dev.orbitdock.mission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.TrackerIssue;
import dev.orbitdock.tracker.TrackerRead;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a claimed issue to a running agent (fresh tracker read, worktree, prompt file, agent start) and sees the
 * agent's exit through: completed, or failed and retried. Any launch failure fails the issue with its real cause,
 * so nothing is left {@code claimed}.
 */
final class Launcher {
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private final PersistenceWriter writer;
    private final Clock clock;
    private final Map<WorkspaceKind, WorkspaceProvider> providers;
    private final Path dataDir;
    private final IssueStates states;
    private final WorkspaceBookkeeping workspaces;
    private final ActiveRuns runs;
    private final IssueFailures failures;
    private final Consumer<String> slotFreed;
    private final MissionToolsAccess missionTools;

    /** @param slotFreed told the mission id when an agent's exit has freed a slot */
    Launcher(PersistenceWriter writer, Clock clock, Map<WorkspaceKind, WorkspaceProvider> providers, Path dataDir,
             IssueStates states, WorkspaceBookkeeping workspaces, ActiveRuns runs, IssueFailures failures,
             Consumer<String> slotFreed, MissionToolsAccess missionTools) {
        this.writer = writer;
        this.clock = clock;
        this.providers = providers;
        this.dataDir = dataDir;
        this.states = states;
        this.workspaces = workspaces;
        this.runs = runs;
        this.failures = failures;
        this.slotFreed = slotFreed;
        this.missionTools = missionTools;
    }

    /** Claimed → workspace → agent → running; any failure fails the issue with its real cause. */
    void launch(MissionLoader.Loaded loaded, Tracker tracker, Dispatcher.Claim claim) {
        MissionIssue issue = claim.issue();
        MissionRecord mission = loaded.mission();
        MissionConfig config = loaded.config();
        WorkspaceProvider provider = providers.get(WorkspaceKind.LOCAL);
        Workspace workspace = null;
        MissionToolsAccess.Grant tools = null;
        try {
            TrackerIssue fresh = switch (tracker.fetchIssues(List.of(issue.trackerIssueId()))
                    .get(issue.trackerIssueId())) {
                case TrackerRead.Found found -> found.issue();
                case TrackerRead.Gone gone -> throw new LaunchFailure("the issue no longer exists in the tracker");
                case TrackerRead.Unknown unknown -> {
                    // Not the issue's fault: give the claim (and the attempt) back and try again next poll.
                    states.advance(issue.id(), OrchestrationState.CLAIMED, OrchestrationState.QUEUED,
                            u -> u.attempt(issue.attempt() - 1).lastError("could not read the issue from the"
                                    + " tracker: " + unknown.error().getMessage()));
                    yield null;
                }
            };
            if (fresh == null) {
                return;
            }
            String branch = Slugs.branch(issue.identifier());
            writer.write(new WorkspaceCommand.Create(issue.workspaceId(), issue.id(), issue.sessionId(),
                    "local", mission.repoPath().toString(), branch, "creating", null, clock.instant()));
            workspace = provider.create(new CreateWorkspaceRequest(issue.workspaceId(), mission.repoPath(), branch,
                    config.orchestration().baseBranch(), worktreeRoot(mission, config),
                    config.workspace().setupCommands(), config.workspace().setupTimeout(), step -> {}));
            writer.write(workspaces.update(issue.workspaceId(), "ready",
                    WorkspaceRecord.info(workspace.path(), null, null)));
            Path prompt = writePrompt(issue, loaded, fresh, workspace);
            tools = missionTools.open(issue);
            Map<String, String> env = new HashMap<>(agentEnv(issue, workspace));
            JsonNode settings = loaded.agentSettings(claim.agent());
            if (tools != null) {
                env.putAll(tools.env());
                settings = tools.server().addTo(claim.agent().wire(), settings, workspace.path(), prompt.getParent());
            }
            AgentLaunch launch = new AgentLaunch(claim.agent().wire(), issue.sessionId(), issue.workspaceId(),
                    issue.id(), workspace.path(), prompt, env, settings);
            TrackerReports.moveState(tracker, fresh.id(), config.orchestration().stateOnDispatch());
            AgentHandle handle = provider.startAgent(workspace, launch);
            AgentRun run = new AgentRun(issue, workspace, handle, config, tracker);
            runs.add(run);
            writer.write(workspaces.update(issue.workspaceId(), "running",
                    WorkspaceRecord.info(workspace.path(), localProcess(workspace, handle), null)));
            if (states.advance(issue.id(), OrchestrationState.CLAIMED, OrchestrationState.RUNNING, u -> u).isEmpty()) {
                handle.kill(); // reconciled away while we were starting it
            }
            MissionToolsAccess.Grant granted = tools;
            handle.exit().whenComplete((exit, error) -> {
                try {
                    onExit(run, exit, error);
                } finally {
                    if (granted != null) {
                        granted.close(); // the run is over: its issue token must no longer work
                    }
                }
            });
        } catch (RuntimeException | LaunchFailure | IOException e) {
            if (tools != null) {
                tools.close();
            }
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("dispatch of {} failed: {}", issue.identifier(), cause);
            failures.fail(issue, OrchestrationState.CLAIMED, cause, config, tracker);
            if (workspace != null) {
                workspaces.remove(provider, workspace, DestroyMode.FORCE);
            }
            writer.submit(workspaces.update(issue.workspaceId(), "failed", null));
        }
    }

    /** Only a local agent is a process of this machine; any other pid must never be signalled from here. */
    private static ProcessHandle localProcess(Workspace workspace, AgentHandle handle) {
        return workspace.kind() == WorkspaceKind.LOCAL ? ProcessHandle.of(handle.pid()).orElse(null) : null;
    }

    private void onExit(AgentRun run, AgentExit exit, Throwable error) {
        runs.remove(run);
        if (!run.claimEnd()) {
            return; // stall detection, reconciliation or shutdown already decided this issue's fate
        }
        MissionIssue issue = run.issue();
        if (error == null && exit.succeeded()) {
            if (states.advance(issue.id(), OrchestrationState.RUNNING, OrchestrationState.COMPLETED,
                    u -> u.lastError(null)).isPresent()) {
                TrackerReports.moveState(run.tracker(), issue.trackerIssueId(),
                        run.config().orchestration().stateOnComplete());
                TrackerReports.comment(run.tracker(), issue.trackerIssueId(), "OrbitDock: the agent finished on"
                        + " branch `" + run.workspace().branch() + "` (attempt " + issue.attempt() + ").");
            }
        } else {
            String cause = error != null ? "agent failed: " + error.getMessage() : "agent " + exit.reason();
            failures.fail(issue, OrchestrationState.RUNNING, cause, run.config(), run.tracker());
        }
        workspaces.release(run.workspace(), run.config(), DestroyMode.GRACEFUL);
        slotFreed.accept(issue.missionId());
    }

    private Path worktreeRoot(MissionRecord mission, MissionConfig config) {
        String configured = config.orchestration().worktreeRootDir();
        return configured != null ? mission.repoPath().resolve(configured).normalize()
                : dataDir.resolve("worktrees").resolve(mission.id());
    }

    private Path writePrompt(MissionIssue issue, MissionLoader.Loaded loaded, TrackerIssue fresh, Workspace workspace) {
        String rendered = loaded.template().render(PromptVariables
                .issue(fresh.id(), fresh.identifier(), fresh.title(), fresh.description(), fresh.url(), fresh.state(),
                        fresh.labels(), fresh.priority())
                .attempt(issue.attempt())
                .mission(Map.of("id", issue.missionId(), "name", loaded.mission().name()))
                .workspace(workspace.branch(), workspace.path().toString()));
        try {
            Path dir = Files.createDirectories(dataDir.resolve("runs").resolve(issue.id()));
            Path file = dir.resolve("attempt-" + issue.attempt() + "-prompt.md");
            Files.writeString(file, rendered);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the prompt file: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> agentEnv(MissionIssue issue, Workspace workspace) {
        return Map.of("ORBITDOCK_ISSUE_IDENTIFIER", issue.identifier(),
                "ORBITDOCK_ISSUE_TITLE", issue.title(),
                "ORBITDOCK_BRANCH", workspace.branch(),
                "ORBITDOCK_ATTEMPT", Integer.toString(issue.attempt()));
    }

    /** A launch step that failed for a reason the user should read as it is. */
    private static final class LaunchFailure extends Exception {
        LaunchFailure(String message) {
            super(message);
        }
    }
}
