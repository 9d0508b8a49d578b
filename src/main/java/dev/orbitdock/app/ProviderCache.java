package dev.orbitdock.app;

import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.mission.ProviderLookup;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace providers of one server: the local one from the start, a remote one built from the configuration
 * the first time a mission asks for it (a server whose missions all run locally never needs ssh or Daytona
 * settings), and every one closed on shutdown. A provider whose settings are missing is not cached, so setting
 * them takes effect at the next dispatch.
 */
final class ProviderCache implements ProviderLookup, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderCache.class);

    private final ConfigStore config;
    private final Map<String, String> env;
    private final Map<WorkspaceKind, WorkspaceProvider> providers = new ConcurrentHashMap<>();

    ProviderCache(WorkspaceProvider local, ConfigStore config, Map<String, String> env) {
        this.config = config;
        this.env = Map.copyOf(env);
        providers.put(WorkspaceKind.LOCAL, local);
    }

    @Override
    public WorkspaceProvider get(WorkspaceKind kind) {
        return providers.computeIfAbsent(kind, k -> WorkspaceProviders.remote(k, config, env));
    }

    @Override
    public void close() {
        providers.values().forEach(provider -> {
            if (provider instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("closing the {} provider failed: {}", provider.kind(), e.getMessage());
                }
            }
        });
        providers.clear();
    }
}
