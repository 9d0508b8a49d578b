package dev.orbitdock.mission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.agent.ProcessTree;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's side of workspace rows: status updates, release after a run (destroy, or keep until
 * {@code retention_ttl}), the retention sweep, and clean-up of what a crashed run left behind.
 */
final class WorkspaceBookkeeping {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceBookkeeping.class);
    private static final Duration AGENT_STOP_GRACE = Duration.ofSeconds(5);

    private final MissionQueries queries;
    private final PersistenceWriter writer;
    private final Clock clock;
    private final ProviderLookup providers;
    private final WorkspaceRegistry registry;

    /** @param registry the registry remote workspaces were registered with (null: local workspaces only) */
    WorkspaceBookkeeping(MissionQueries queries, PersistenceWriter writer, Clock clock, ProviderLookup providers,
                         WorkspaceRegistry registry) {
        this.queries = queries;
        this.writer = writer;
        this.clock = clock;
        this.providers = providers;
        this.registry = registry;
    }

    /** The row of a provisioned workspace: {@code ready}, with where the provider put it. */
    WorkspaceCommand.Update ready(Workspace workspace, JsonNode info) {
        Instant now = clock.instant();
        return new WorkspaceCommand.Update(workspace.id(), workspace.externalId() == null ? Patch.absent()
                : Patch.set(workspace.externalId()), Patch.set("ready"), Patch.set(info), Patch.absent(),
                Patch.absent(), Patch.absent(), Patch.absent(), Patch.set(now), Patch.absent());
    }

    /** A failed provisioning: the row keeps the provider's own words. */
    WorkspaceCommand.Update failed(String workspaceId, String error) {
        return new WorkspaceCommand.Update(workspaceId, Patch.absent(), Patch.set("failed"), Patch.absent(),
                Patch.absent(), Patch.absent(), Patch.absent(), Patch.set(error), Patch.absent(), Patch.absent());
    }

    /** The row after its resource is gone; a remote workspace's sync token is revoked in the same transaction. */
    void destroyed(Workspace workspace) {
        if (workspace.kind() != WorkspaceKind.LOCAL && registry != null) {
            registry.destroy(workspace.id());
        } else {
            writer.write(update(workspace.id(), "destroyed", null));
        }
    }

    /**
     * A kept workspace whose worktree a retry took over: its row is done with (destroyed, so no retention sweep
     * removes the worktree under the new run), the worktree lives on under the new row.
     */
    WorkspaceCommand.Update handedOver(String workspaceId) {
        return update(workspaceId, "destroyed", null);
    }

    /** A status change of the row (none when {@code status} is null), with new {@code connection_info} when given. */
    WorkspaceCommand.Update update(String workspaceId, String status, JsonNode info) {
        Instant now = clock.instant();
        return new WorkspaceCommand.Update(workspaceId, Patch.absent(), status == null ? Patch.absent() : Patch.set(status),
                info == null ? Patch.absent() : Patch.set(info), Patch.absent(), Patch.absent(), Patch.set(now),
                Patch.absent(), "ready".equals(status) ? Patch.set(now) : Patch.absent(),
                "destroyed".equals(status) ? Patch.set(now) : Patch.absent());
    }

    /** After a run: destroyed, or kept until {@code retention_ttl} when the mission says {@code keep_duration}. */
    void release(Workspace workspace, MissionConfig config, DestroyMode mode) {
        MissionConfig.WorkspaceConfig settings = config.workspace();
        if (settings.retention() == MissionConfig.Retention.KEEP_DURATION) {
            Instant until = clock.instant().plus(settings.retentionTtl());
            writer.submit(update(workspace.id(), "ready", WorkspaceRecord.info(workspace.path(), null, until)));
            return; // sweepRetained removes it once retention_ttl has passed
        }
        remove(workspace, mode);
        destroyed(workspace);
    }

    /** Removes kept workspaces whose {@code retention_ttl} has passed. */
    void sweepRetained(Instant now) {
        for (WorkspaceRecord kept : queries.retainedWorkspaces()) {
            if (kept.retainUntil().isAfter(now) || kept.path() == null) {
                continue;
            }
            if (remove(kept.workspace(), DestroyMode.FORCE)) {
                destroyed(kept.workspace());
            }
        }
    }

    /**
     * Ends an agent that outlived the previous run (a crash leaves it orphaned, still working in its worktree)
     * and removes that worktree, so the retry cannot collide with it.
     */
    void abandon(MissionIssue issue) {
        if (issue.workspaceId() != null) {
            queries.workspace(issue.workspaceId()).ifPresent(this::abandon);
        }
    }

    /** As {@link #abandon(MissionIssue)}, for a workspace whose issue is no longer in flight (an orphan). */
    void abandon(WorkspaceRecord record) {
        destroyNow(record, "left over from the previous run");
    }

    /**
     * Ends the agent still running there (the process recorded on the row, if it is provably that one), removes
     * the workspace through its provider and marks the row destroyed.
     *
     * @param why why the agent is stopped, for the log
     * @return false when the provider could not remove it (logged)
     */
    boolean destroyNow(WorkspaceRecord record, String why) {
        if ("destroyed".equals(record.status())) {
            return true;
        }
        boolean removed = end(record, why);
        destroyed(record.workspace());
        return removed;
    }

    /**
     * A workspace whose row another process marked destroyed (token revoked) while its run was in flight: what
     * still runs there is ended and the workspace removed through its provider. The row is written again only if
     * a launch's last status write crossed that destroy.
     */
    void removeDestroyed(WorkspaceRecord record, String why) {
        end(record, why);
        if (!"destroyed".equals(record.status())) {
            writer.write(update(record.id(), "destroyed", null));
        }
    }

    private boolean end(WorkspaceRecord record, String why) {
        record.liveAgent().ifPresent(agent -> {
            log.info("stopping agent pid {} {} in workspace {}", agent.pid(), why, record.id());
            ProcessTree.terminate(agent, AGENT_STOP_GRACE).join();
        });
        return record.path() == null || remove(record.workspace(), DestroyMode.FORCE);
    }

    /**
     * Destroys through the provider; a failure is logged, never allowed to stop the orchestrator.
     *
     * @return whether the provider removed it
     */
    boolean remove(Workspace workspace, DestroyMode mode) {
        try {
            providers.get(workspace.kind()).destroy(workspace, mode);
            return true;
        } catch (RuntimeException e) {
            log.warn("could not remove workspace {}: {}", workspace.id(), e.getMessage());
            return false;
        }
    }
}
