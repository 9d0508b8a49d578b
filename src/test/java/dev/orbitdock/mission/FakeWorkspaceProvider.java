package dev.orbitdock.mission;

import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceException;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import dev.orbitdock.workspace.WorkspaceStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A LOCAL workspace provider without workspaces: create succeeds at once (or fails when scripted), and
 * {@link #startAgent} creates the agent's session row as {@code SessionRecorder.start} does, then hands back a
 * {@link ScriptedAgent}. It remembers every agent it started and notes anything a provider would notice going
 * wrong: more live agents than {@code limit}, or two live agents for one issue.
 */
final class FakeWorkspaceProvider implements WorkspaceProvider {
    private final PersistenceWriter writer;
    private final Clock clock;
    private final int limit;
    private final Duration killGrace;
    private final List<ScriptedAgent> agents = new ArrayList<>();
    private final List<String> overLimit = new ArrayList<>();
    private final List<String> secondAgents = new ArrayList<>();
    private int createsToFail;
    private int failedCreates;

    /** @param killGrace how long a killed agent keeps running (see {@link ScriptedAgent}) */
    FakeWorkspaceProvider(PersistenceWriter writer, Clock clock, int limit, Duration killGrace) {
        this.writer = writer;
        this.clock = clock;
        this.limit = limit;
        this.killGrace = killGrace;
    }

    /** The next create throws a {@link WorkspaceException}. */
    synchronized void failNextCreate() {
        createsToFail++;
    }

    synchronized int failedCreates() {
        return failedCreates;
    }

    synchronized int started() {
        return agents.size();
    }

    /** Every agent ever started, in start order. */
    synchronized List<ScriptedAgent> agents() {
        return List.copyOf(agents);
    }

    synchronized List<ScriptedAgent> live() {
        return agents.stream().filter(ScriptedAgent::alive).toList();
    }

    /** Each start that made more than {@code limit} agents live at once. */
    synchronized List<String> overLimit() {
        return List.copyOf(overLimit);
    }

    /** Each start of an agent for an issue that already had a live one. */
    synchronized List<String> secondAgents() {
        return List.copyOf(secondAgents);
    }

    @Override
    public WorkspaceKind kind() {
        return WorkspaceKind.LOCAL;
    }

    @Override
    public synchronized Workspace create(CreateWorkspaceRequest request) {
        if (createsToFail > 0) {
            createsToFail--;
            failedCreates++;
            throw new WorkspaceException("workspace_create_failed", "scripted failure creating workspace "
                    + request.workspaceId(), "nothing to do: the test asked for it", null);
        }
        return new Workspace(request.workspaceId(), WorkspaceKind.LOCAL, request.root().resolve(request.workspaceId()),
                request.branch(), null);
    }

    @Override
    public AgentHandle startAgent(Workspace workspace, AgentLaunch launch) {
        writer.write(new SessionCommand.Create(launch.sessionId(), launch.agentKind(), "working",
                launch.workspaceId(), launch.missionIssueId(), launch.workdir().toString(), null, clock.instant()));
        synchronized (this) {
            List<ScriptedAgent> live = live();
            ScriptedAgent agent = new ScriptedAgent(launch, workspace, clock, killGrace);
            List<ScriptedAgent> same = live.stream().filter(a -> a.issueId().equals(agent.issueId())).toList();
            if (!same.isEmpty()) {
                secondAgents.add("started " + agent + " while " + same + " still lives");
            }
            if (live.size() + 1 > limit) {
                overLimit.add("started " + agent + " as live agent number " + (live.size() + 1)
                        + " while " + live + " still live");
            }
            agents.add(agent);
            return agent;
        }
    }

    @Override
    public synchronized WorkspaceStatus status(Workspace workspace) {
        return agents.stream().anyMatch(a -> a.alive() && a.workspace().id().equals(workspace.id()))
                ? WorkspaceStatus.RUNNING : WorkspaceStatus.READY;
    }

    /** Ends whatever runs in the workspace at once, as the interface asks (the local provider kills and waits). */
    @Override
    public void destroy(Workspace workspace, DestroyMode mode) {
        for (ScriptedAgent agent : agents()) {
            if (agent.alive() && agent.workspace().id().equals(workspace.id())) {
                agent.end();
            }
        }
    }
}
