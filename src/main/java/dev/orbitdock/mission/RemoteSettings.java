package dev.orbitdock.mission;

import dev.orbitdock.workspace.WorkspaceRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What dispatching to a remote workspace needs beyond the provider: the registry that issues its ids' token, the
 * server's default provider, the URL the workspace syncs to and the agents' API keys. Suppliers, because each is
 * read at dispatch time and {@code config set} applies to the next dispatch.
 *
 * @param registry        null when only local workspaces are possible
 * @param defaultProvider the server's {@code workspace_provider}, used when MISSION.md names none
 * @param syncUrl         the control plane's {@code public_server_url}, or null when unset
 * @param agentKeys       the agents' API keys by environment variable name; a remote machine inherits nothing
 * @param connectTimeout  how long a started managed instance may take to reach {@code syncUrl} (its first sync)
 */
public record RemoteSettings(WorkspaceRegistry registry, Supplier<String> defaultProvider, Supplier<String> syncUrl,
                             Supplier<Map<String, String>> agentKeys, Supplier<Duration> connectTimeout) {
    /** Local workspaces only. */
    public static final RemoteSettings LOCAL_ONLY = new RemoteSettings(null, () -> "local", () -> null, Map::of,
            () -> Duration.ZERO);
}
