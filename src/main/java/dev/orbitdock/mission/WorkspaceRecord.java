package dev.orbitdock.mission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.workspace.Workspace;
import dev.orbitdock.workspace.WorkspaceKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A workspace row as the orchestrator reads it back: enough to find and end a local agent after a restart
 * ({@code pid} and its start time, so a reused pid is never mistaken for ours), to sweep retained worktrees, and to
 * tell whether a remote workspace is alive ({@code aliveAt}) and destroy it through its provider ({@code externalId}).
 */
record WorkspaceRecord(String id, String provider, String branch, String status, String externalId,
                       Instant aliveAt, Path path, Long pid, Instant pidStartedAt, Instant retainUntil) {

    Workspace workspace() {
        return new Workspace(id, kind(), path, branch, externalId);
    }

    WorkspaceKind kind() {
        return WorkspaceKind.valueOf(provider.toUpperCase(Locale.ROOT));
    }

    /** The agent process, if it is provably still the one we started (same pid and same start time). */
    Optional<ProcessHandle> liveAgent() {
        if (pid == null || pidStartedAt == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(pidStartedAt::equals).orElse(false));
    }

    /** The {@code connection_info} JSON of a local workspace. */
    static ObjectNode info(Path path, ProcessHandle agent, Instant retainUntil) {
        ObjectNode info = Json.mapper().createObjectNode();
        if (path != null) {
            info.put("path", path.toString());
        }
        if (agent != null) {
            info.put("pid", agent.pid());
            agent.info().startInstant().ifPresent(start -> info.put("pid_started_at", start.toString()));
        }
        if (retainUntil != null) {
            info.put("retain_until", retainUntil.toString());
        }
        return info;
    }

    /** @param aliveAt the last heartbeat, or when the workspace became ready if none came yet */
    static WorkspaceRecord of(String id, String provider, String branch, String status, String externalId,
                              Instant aliveAt, JsonNode info) {
        JsonNode i = info == null ? Json.mapper().createObjectNode() : info;
        return new WorkspaceRecord(id, provider, branch, status, externalId, aliveAt,
                i.hasNonNull("path") ? Path.of(i.get("path").asText()) : null,
                i.hasNonNull("pid") ? i.get("pid").asLong() : null,
                instant(i, "pid_started_at"), instant(i, "retain_until"));
    }

    private static Instant instant(JsonNode info, String field) {
        return info.hasNonNull(field) ? Instant.parse(info.get(field).asText()) : null;
    }
}
