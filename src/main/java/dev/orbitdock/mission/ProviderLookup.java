package dev.orbitdock.mission;

import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.WorkspaceProvider;
import java.util.Map;

/**
 * The workspace providers missions may use. Remote ones are built from the configuration on first use, so a
 * provider whose settings are missing fails only the missions that ask for it, with a message naming the setting.
 */
@FunctionalInterface
public interface ProviderLookup {
    /** @throws dev.orbitdock.common.OrbitDockException when the provider is not configured or not available */
    WorkspaceProvider get(WorkspaceKind kind);

    /** A fixed set of providers; asking for another one is an error saying which. */
    static ProviderLookup of(Map<WorkspaceKind, WorkspaceProvider> providers) {
        return kind -> {
            WorkspaceProvider provider = providers.get(kind);
            if (provider == null) {
                throw new dev.orbitdock.common.OrbitDockException("provider_not_available", "The "
                        + kind.name().toLowerCase(java.util.Locale.ROOT) + " workspace provider is not available",
                        "use the local provider");
            }
            return provider;
        };
    }
}
