package dev.orbitdock.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.sync.SyncWriterOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code orbitdock start --managed} runs: ids the control plane pre-allocated, where to replicate, which agent
 * with which prompt, and how long the final drain may take.
 *
 * @param missionIssueId  the issue the session works on (null for a standalone session)
 * @param controlPlane    the control plane's base URL; sync goes to {@code /api/sync} under it
 * @param agentSettings   the agent's MISSION.md section as JSON (empty object when none)
 */
public record ManagedOptions(String workspaceId, String sessionId, String missionIssueId, URI controlPlane,
                             long generation, String agentKind, Path promptFile, Path workdir, JsonNode agentSettings,
                             Duration drainTimeout, BindAddress bind, SyncWriterOptions sync) {
    public ManagedOptions {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(controlPlane, "controlPlane");
        Objects.requireNonNull(agentKind, "agentKind");
        Objects.requireNonNull(promptFile, "promptFile");
        Objects.requireNonNull(workdir, "workdir");
        Objects.requireNonNull(agentSettings, "agentSettings");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(sync, "sync");
        if (generation < 1) {
            throw new IllegalArgumentException("generation starts at 1");
        }
    }

    URI syncUrl() {
        String base = controlPlane.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/sync");
    }
}
