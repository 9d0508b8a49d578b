package dev.orbitdock.workspace.ssh;

import dev.orbitdock.workspace.WorkspaceException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which host runs which workspace: the least busy host under its cap, and a clear error when all are full. */
final class SshHostPool {
    private final List<SshHost> hosts;
    private final int maxPerHost;
    private final Map<String, SshHost> assigned = new HashMap<>();

    SshHostPool(List<SshHost> hosts, int maxPerHost) {
        this.hosts = List.copyOf(hosts);
        this.maxPerHost = maxPerHost;
    }

    /** The workspace's host, assigning one if it has none (so a repeated create lands on the same host). */
    synchronized SshHost assign(String workspaceId) {
        SshHost current = assigned.get(workspaceId);
        if (current != null) {
            return current;
        }
        SshHost host = hosts.stream().filter(h -> load(h) < maxPerHost)
                .min(Comparator.comparingLong(this::load)).orElseThrow(() -> new WorkspaceException("ssh_pool_full",
                        "Every ssh host already runs " + maxPerHost + " workspaces",
                        "add hosts to ssh_hosts or raise ssh_max_workspaces_per_host", null));
        assigned.put(workspaceId, host);
        return host;
    }

    /** A workspace found on {@code host} (after a restart, say) counts against that host's cap from now on. */
    synchronized void occupy(String workspaceId, SshHost host) {
        assigned.putIfAbsent(workspaceId, host);
    }

    synchronized void release(String workspaceId) {
        assigned.remove(workspaceId);
    }

    private long load(SshHost host) {
        return assigned.values().stream().filter(host::equals).count();
    }
}
