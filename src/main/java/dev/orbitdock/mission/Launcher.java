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
import dev.orbitdock.workspace.ProvisioningDeadlines;
import dev.orbitdock.workspace.ProvisioningSteps;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import dev.orbitdock.workspace.WorkspaceRegistry;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    private final MissionQueries queries;
    private final PersistenceWriter writer;
    private final Clock clock;
    private final ProviderLookup providers;
    private final RemoteSettings remoteSettings;
    private final Path dataDir;
    private final IssueStates states;
    private final WorkspaceBookkeeping workspaces;
    private final ActiveRuns runs;
    private final IssueFailures failures;
    private final Consumer<String> slotFreed;
    private final MissionToolsAccess missionTools;
    private final FirstSync firstSync;

    /** @param slotFreed told the mission id when an agent's exit has freed a slot */
    Launcher(MissionQueries queries, PersistenceWriter writer, Clock clock, ProviderLookup providers,
             RemoteSettings remoteSettings, Path dataDir, IssueStates states, WorkspaceBookkeeping workspaces,
             ActiveRuns runs, IssueFailures failures, Consumer<String> slotFreed, MissionToolsAccess missionTools) {
        this.queries = queries;
        this.writer = writer;
        this.clock = clock;
        this.providers = providers;
        this.remoteSettings = remoteSettings;
        this.dataDir = dataDir;
        this.states = states;
        this.workspaces = workspaces;
        this.runs = runs;
        this.failures = failures;
        this.slotFreed = slotFreed;
        this.missionTools = missionTools;
        this.firstSync = new FirstSync(queries);
    }

    /**
     * Claimed → provisioning (workspace, agent start: each step recorded on the workspace row) → running; any
     * failure fails the issue with its real cause and removes what was made.
     */
    void launch(MissionLoader.Loaded loaded, Tracker tracker, Dispatcher.Claim claim) {
        MissionIssue issue = claim.issue();
        MissionRecord mission = loaded.mission();
        MissionConfig config = loaded.config();
        OrchestrationState at = OrchestrationState.CLAIMED;
        WorkspaceKind kind = null;
        WorkspaceRegistry.Registration registration = null;
        Workspace workspace = null;
        MissionToolsAccess.Grant tools = null;
        try {
            kind = providerKind(config);
            WorkspaceProvider provider = providers.get(kind);
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
            boolean remote = kind != WorkspaceKind.LOCAL;
            ProvisioningLog steps = new ProvisioningLog(issue.workspaceId(), writer, clock);
            if (remote) {
                registration = remoteSettings.registry().register(wire(kind), issue.id(),
                        new WorkspaceRegistry.Allocation(issue.workspaceId(), issue.sessionId(),
                                mission.repoPath().toString(), branch, WorkspaceStatus.CREATING));
            } else {
                writer.write(new WorkspaceCommand.Create(issue.workspaceId(), issue.id(), issue.sessionId(),
                        "local", mission.repoPath().toString(), branch, "creating", null, clock.instant()));
            }
            if (states.advance(issue.id(), OrchestrationState.CLAIMED, OrchestrationState.PROVISIONING, u -> u)
                    .isEmpty()) {
                throw new LaunchStopped(); // reconciled away or destroyed before provisioning began
            }
            at = OrchestrationState.PROVISIONING;
            KeptRun kept = remote ? null : keptRun(issue, branch);
            workspace = provider.create(new CreateWorkspaceRequest(issue.workspaceId(), mission.repoPath(), branch,
                    config.orchestration().baseBranch(), worktreeRoot(mission, config),
                    config.workspace().setupCommands(), config.workspace().setupTimeout(),
                    steps::record, mission.id(), kept == null ? null : kept.workspace().id()));
            if (kept != null) {
                writer.write(workspaces.handedOver(kept.workspace().id()));
            }
            steps.at(workspace.path());
            requireInFlight(issue);
            writer.write(workspaces.ready(workspace, steps.info(null)));
            Path prompt = writePrompt(issue, loaded, fresh, workspace);
            JsonNode settings = loaded.agentSettings(claim.agent());
            String syncUrl = remote ? syncUrl() : null;
            Map<String, String> env = remote ? remoteEnv(issue, workspace, registration, syncUrl)
                    : new HashMap<>(agentEnv(issue, workspace));
            tools = remote ? missionTools.openRemote(issue) : missionTools.open(issue);
            if (tools != null) {
                env.putAll(tools.env());
                if (tools.server() != null) {
                    settings = tools.server().addTo(claim.agent().wire(), settings, workspace.path(),
                            prompt.getParent());
                }
            }
            AgentLaunch launch = new AgentLaunch(claim.agent().wire(), issue.sessionId(), issue.workspaceId(),
                    issue.id(), workspace.path(), prompt, env, settings,
                    kept == null ? null : kept.resumableBy(claim.agent().wire()));
            requireInFlight(issue);
            TrackerReports.moveState(tracker, fresh.id(), config.orchestration().stateOnDispatch());
            requireInFlight(issue); // the tracker call takes a while
            Workspace started = workspace;
            AgentHandle handle = ProvisioningSteps.run(steps::record, "starting_agent", claim.agent().wire(),
                    ProvisioningDeadlines.DEFAULT.startingAgent(), clock, deadline -> provider.startAgent(started,
                            launch));
            if (remote) {
                ProvisioningSteps.run(steps::record, "connected", syncUrl, remoteSettings.connectTimeout().get(), clock,
                        deadline -> {
                            firstSync.await(issue.workspaceId(), handle, syncUrl, deadline);
                            return syncUrl;
                        });
            }
            AgentRun run = new AgentRun(issue, workspace, handle, config, tracker);
            runs.add(run);
            if (states.advance(issue.id(), at, OrchestrationState.RUNNING, u -> u,
                    workspaces.update(issue.workspaceId(), "running", steps.info(localProcess(workspace, handle))))
                    .isEmpty()) {
                handle.kill(); // stopped meanwhile (a destroy by another process is finished by the next tick)
                if (run.claimEnd()) { // else whoever stopped it removes the workspace
                    handle.exit().whenComplete((exit, error) -> removeStopped(issue, started));
                }
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
        } catch (LaunchStopped stopped) {
            if (tools != null) {
                tools.close();
            }
            log.info("launch of {} stopped: the issue left flight or its workspace was destroyed", issue.identifier());
            removeStopped(issue, workspace);
        } catch (RuntimeException | LaunchFailure | IOException e) {
            if (tools != null) {
                tools.close();
            }
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("dispatch of {} failed: {}", issue.identifier(), cause);
            failures.fail(issue, at, cause, config, tracker);
            cleanUpFailedLaunch(issue, kind, registration != null, workspace, cause);
        }
    }

    /**
     * A launch step is only taken while the issue is still in flight on this workspace: a person may have destroyed
     * it (API, CLI) or the tracker reconciled it away meanwhile. One read, no write.
     */
    private void requireInFlight(MissionIssue issue) throws LaunchStopped {
        if (!queries.inFlightOn(issue.id(), issue.workspaceId())) {
            throw new LaunchStopped();
        }
    }

    /**
     * What a stopped launch made is removed through its provider, and its row marked destroyed unless whoever
     * stopped it already did (a destroyed row is left as the person's destroy wrote it).
     */
    private void removeStopped(MissionIssue issue, Workspace workspace) {
        if (workspace != null) {
            workspaces.remove(workspace, DestroyMode.FORCE);
        }
        queries.workspace(issue.workspaceId()).filter(row -> !"destroyed".equals(row.status()))
                .ifPresent(row -> workspaces.destroyed(row.workspace()));
    }

    /**
     * The worktree the issue's last run left (kept by retention) when it is still there on this branch: the retry
     * goes on in it, and resumes that run's conversation. Otherwise the retry starts afresh.
     */
    private KeptRun keptRun(MissionIssue issue, String branch) {
        return queries.keptRun(issue.id(), issue.workspaceId())
                .filter(kept -> branch.equals(kept.workspace().branch()) && kept.workspace().path() != null
                        && Files.isDirectory(kept.workspace().path()))
                .orElse(null);
    }

    /** The provider MISSION.md names, else the server's default ({@code workspace_provider}). */
    private WorkspaceKind providerKind(MissionConfig config) {
        String name = config.workspace().provider() != null ? config.workspace().provider()
                : remoteSettings.defaultProvider().get();
        WorkspaceKind kind = name == null ? WorkspaceKind.LOCAL : WorkspaceKind.valueOf(name.toUpperCase(Locale.ROOT));
        if (kind != WorkspaceKind.LOCAL && remoteSettings.registry() == null) {
            throw new IllegalStateException("remote workspaces are not available in this process");
        }
        return kind;
    }

    /**
     * The row keeps the cause; a remote resource that exists is destroyed and the workspace's token revoked, so a
     * failed provisioning leaves nothing running and nothing able to sync.
     */
    private void cleanUpFailedLaunch(MissionIssue issue, WorkspaceKind kind, boolean registered, Workspace workspace,
                                     String cause) {
        if (issue.workspaceId() == null || kind == null || (kind != WorkspaceKind.LOCAL && !registered)) {
            return; // nothing was made yet
        }
        if (queries.workspace(issue.workspaceId()).filter(row -> "destroyed".equals(row.status())).isEmpty()) {
            writer.write(workspaces.failed(issue.workspaceId(), cause)); // a person's destroy stays as it was
        }
        if (workspace != null) {
            workspaces.remove(workspace, DestroyMode.FORCE);
        }
        if (kind != WorkspaceKind.LOCAL) {
            workspaces.destroyed(new Workspace(issue.workspaceId(), kind, null, Slugs.branch(issue.identifier()),
                    null));
        }
    }

    /**
     * Watches a remote run this process did not start (re-adopted after a restart) as if it had; its mission tools
     * token goes before its end is handled, so no later attempt's token exists yet.
     */
    void adopt(AgentRun run) {
        runs.add(run);
        run.handle().exit().whenComplete((exit, error) -> {
            try {
                missionTools.revokeAll(run.issue());
            } finally {
                onExit(run, exit, error);
            }
        });
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
        Optional<String> failure = run.workspace().kind() == WorkspaceKind.LOCAL ? localFailure(exit, error)
                : remoteFailure(issue, exit, error);
        if (failure.isEmpty()) {
            if (states.advance(issue.id(), OrchestrationState.RUNNING, OrchestrationState.COMPLETED,
                    u -> u.lastError(null)).isPresent()) {
                TrackerReports.moveState(run.tracker(), issue.trackerIssueId(),
                        run.config().orchestration().stateOnComplete());
                TrackerReports.comment(run.tracker(), issue.trackerIssueId(), "OrbitDock: the agent finished on"
                        + " branch `" + run.workspace().branch() + "` (attempt " + issue.attempt() + ").");
            }
        } else {
            failures.fail(issue, OrchestrationState.RUNNING, failure.get(), run.config(), run.tracker());
        }
        workspaces.release(run.workspace(), run.config(), DestroyMode.GRACEFUL);
        slotFreed.accept(issue.missionId());
    }

    private static Optional<String> localFailure(AgentExit exit, Throwable error) {
        if (error != null) {
            return Optional.of("agent failed: " + error.getMessage());
        }
        return exit.succeeded() ? Optional.empty() : Optional.of("agent " + exit.reason());
    }

    /** A remote agent's outcome is what its own session recorded and replicated, not how the instance ended. */
    private Optional<String> remoteFailure(MissionIssue issue, AgentExit exit, Throwable error) {
        Optional<String> end = queries.sessionEnd(issue.sessionId());
        if (end.isEmpty()) {
            return Optional.of("the workspace ended before its session did ("
                    + (error != null ? error.getMessage() : exit.reason()) + ")");
        }
        return RemoteSessionEnd.succeeded(end.get()) ? Optional.empty() : Optional.of("agent " + end.get());
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

    /**
     * What the managed instance on the workspace needs: where and as whom to sync (the token only ever travels in
     * the environment) and the agent's API keys, since a remote machine inherits nothing from here.
     */
    private Map<String, String> remoteEnv(MissionIssue issue, Workspace workspace,
                                          WorkspaceRegistry.Registration registration, String syncUrl) {
        Map<String, String> env = new HashMap<>(agentEnv(issue, workspace));
        env.putAll(remoteSettings.agentKeys().get());
        env.putAll(registration.syncEnvironment(syncUrl));
        return env;
    }

    private String syncUrl() {
        String syncUrl = remoteSettings.syncUrl().get();
        if (syncUrl == null || syncUrl.isBlank()) {
            throw new IllegalStateException("public_server_url is not set: a remote workspace needs the URL it syncs"
                    + " to (orbitdock config set public_server_url https://control.example:4000)");
        }
        return syncUrl;
    }

    private static String wire(WorkspaceKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> agentEnv(MissionIssue issue, Workspace workspace) {
        return Map.of("ORBITDOCK_ISSUE_IDENTIFIER", issue.identifier(),
                "ORBITDOCK_ISSUE_TITLE", issue.title(),
                "ORBITDOCK_BRANCH", workspace.branch(),
                "ORBITDOCK_ATTEMPT", Integer.toString(issue.attempt()));
    }

    /** The launch stops before its next step, failing no one: its issue is no longer in flight on this workspace. */
    private static final class LaunchStopped extends Exception {
        LaunchStopped() {
            super(null, null, false, false);
        }
    }

    /** A launch step that failed for a reason the user should read as it is. */
    private static final class LaunchFailure extends Exception {
        LaunchFailure(String message) {
            super(message);
        }
    }
}
