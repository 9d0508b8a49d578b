package dev.orbitdock.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an agent run needs: which agent ({@code command}, {@code claude}, {@code codex}), the session id the
 * control plane pre-allocated, the working directory, the rendered prompt (as a file), extra environment (never
 * secrets on a command line), the agent's own MISSION.md section ({@code agent.<kind>}, may be empty) and, to go
 * on with an earlier conversation, the agent's own session id to resume (null for a fresh one).
 */
public record AgentLaunch(String agentKind, String sessionId, String workspaceId, String missionIssueId, Path workdir,
                          Path promptFile, Map<String, String> env, JsonNode settings, String resumeSessionId) {
    /** A managed instance's workspace token: in OrbitDock's environment, never in an agent's. */
    public static final String SYNC_TOKEN_ENV = "ORBITDOCK_SYNC_TOKEN";

    public AgentLaunch {
        Objects.requireNonNull(agentKind, "agentKind");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(workdir, "workdir");
        Objects.requireNonNull(promptFile, "promptFile");
        Objects.requireNonNull(settings, "settings");
        env = Map.copyOf(env);
    }

    /** A fresh conversation. */
    public AgentLaunch(String agentKind, String sessionId, String workspaceId, String missionIssueId, Path workdir,
                       Path promptFile, Map<String, String> env, JsonNode settings) {
        this(agentKind, sessionId, workspaceId, missionIssueId, workdir, promptFile, env, settings, null);
    }

    @Override
    public String toString() {
        return "AgentLaunch[" + agentKind + ", session=" + sessionId + ", workdir=" + workdir + ", env keys="
                + env.keySet() + (resumeSessionId == null ? "" : ", resume=" + resumeSessionId) + "]";
    }
}
