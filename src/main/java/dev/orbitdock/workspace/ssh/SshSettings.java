package dev.orbitdock.workspace.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The ssh provider's settings ({@code ssh_*} config keys).
 *
 * @param knownHosts       host keys the client accepts; an unknown or changed key refuses the connection
 * @param maxPerHost       workspaces one host runs at once
 * @param orbitdockCommand how to run OrbitDock on the hosts
 * @param workspaceRoot    where workspaces go on a host (relative paths are under the login's home)
 */
public record SshSettings(List<SshHost> hosts, String user, Path keyPath, Path knownHosts, int maxPerHost,
                          String orbitdockCommand, String workspaceRoot, Duration connectTimeout) {
    public SshSettings {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(orbitdockCommand, "orbitdockCommand");
        Objects.requireNonNull(workspaceRoot, "workspaceRoot");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (hosts.isEmpty() || maxPerHost < 1) {
            throw new IllegalArgumentException("an ssh pool needs hosts and a positive per-host cap");
        }
    }
}
