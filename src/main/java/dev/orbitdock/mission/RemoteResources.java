package dev.orbitdock.mission;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.RemoteWorkspaceProvider;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each configured remote provider holds under OrbitDock's labels at start-up, read once: the providers' side
 * of the restart sweep. A provider that is not configured is left out, and so is one that cannot be listed (its
 * rows are then judged by the database alone, as before).
 */
final class RemoteResources {
    private static final Logger log = LoggerFactory.getLogger(RemoteResources.class);

    private final Map<WorkspaceKind, List<Workspace>> listed;
    private final WorkspaceBookkeeping workspaces;

    private RemoteResources(Map<WorkspaceKind, List<Workspace>> listed, WorkspaceBookkeeping workspaces) {
        this.listed = listed;
        this.workspaces = workspaces;
    }

    static RemoteResources list(ProviderLookup providers, WorkspaceBookkeeping workspaces) {
        Map<WorkspaceKind, List<Workspace>> listed = new EnumMap<>(WorkspaceKind.class);
        for (WorkspaceKind kind : WorkspaceKind.values()) {
            if (kind == WorkspaceKind.LOCAL) {
                continue;
            }
            WorkspaceProvider provider;
            try {
                provider = providers.get(kind);
            } catch (OrbitDockException e) {
                continue; // not configured: nothing of ours can be there
            }
            if (provider instanceof RemoteWorkspaceProvider remote) {
                try {
                    listed.put(kind, List.copyOf(remote.list(Map.of())));
                } catch (RuntimeException e) {
                    log.warn("could not list the {} workspaces to sweep orphans: {}",
                            kind.name().toLowerCase(Locale.ROOT), e.getMessage());
                }
            }
        }
        return new RemoteResources(listed, workspaces);
    }

    /** Whether the row's resource is known to be gone: its provider was listed, and it was not there. */
    boolean gone(WorkspaceRecord record) {
        List<Workspace> there = listed.get(record.kind());
        return there != null && there.stream().noneMatch(w -> w.id().equals(record.id()));
    }

    /**
     * Force-destroys every listed resource whose workspace is not in {@code keep} (a run still watched, a kept
     * workspace) nor already handled: it has no row, or its row is no longer live, so nothing would ever remove it.
     */
    void sweep(Set<String> keep) {
        listed.forEach((kind, resources) -> resources.stream().filter(w -> !keep.contains(w.id())).forEach(w -> {
            log.info("sweeping orphaned {} workspace {} ({}): no live workspace row watches it",
                    kind.name().toLowerCase(Locale.ROOT), w.id(), w.externalId());
            workspaces.remove(w, DestroyMode.FORCE);
        }));
    }
}
