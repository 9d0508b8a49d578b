package dev.orbitdock.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.auth.IssuedToken;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.auth.TokenService;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.Json;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.AuthTokenCommand;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistCommand;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.WorkspaceCommand;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The control plane's record of workspaces run by managed instances: it pre-allocates their ids, issues their
 * scoped sync tokens, and revokes a token in the same transaction that marks its workspace destroyed, so a
 * destroyed workspace can never sync again.
 */
public final class WorkspaceRegistry {
    /** The first managed instance of a workspace; a restart issues the next. */
    public static final long FIRST_GENERATION = 1;

    private final Database database;
    private final PersistenceWriter writer;
    private final TokenService tokens;
    private final Clock clock;
    private final IdGenerator ids;

    /**
     * What a managed instance needs to start: its pre-allocated ids, its generation and its token (shown only
     * here; the control plane keeps its hash).
     */
    public record Registration(String workspaceId, String sessionId, String missionIssueId, long generation,
                               IssuedToken token) {
        /** Where and as whom the managed instance syncs: its environment, the only place the token may travel. */
        public Map<String, String> syncEnvironment(String syncUrl) {
            return Map.of(AgentLaunch.SYNC_TOKEN_ENV, token.token(), "ORBITDOCK_SYNC_URL", syncUrl,
                    "ORBITDOCK_SYNC_GENERATION", Long.toString(generation));
        }

        @Override
        public String toString() {
            return "Registration[" + workspaceId + ", session=" + sessionId + "]";
        }
    }

    public WorkspaceRegistry(Database database, PersistenceWriter writer, TokenService tokens, Clock clock,
                             IdGenerator ids) {
        this.database = database;
        this.writer = writer;
        this.tokens = tokens;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * The row a workspace starts with when its ids were allocated before it was registered (the orchestrator
     * claims an issue with its workspace and session ids, then provisions).
     */
    public record Allocation(String workspaceId, String sessionId, String repoUrl, String branch,
                             WorkspaceStatus status) {
        public Allocation {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Creates a workspace row (status {@code ready}) with a session id and a token scoped to it, in one transaction.
     *
     * @param provider       where it runs ({@code local}, {@code ssh}, …; free text for a machine of your own)
     * @param missionIssueId the issue it works on, or null for a standalone session
     */
    public Registration register(String provider, String missionIssueId) {
        return register(provider, missionIssueId, new Allocation(ids.newId(), ids.newId(), null, null,
                WorkspaceStatus.READY));
    }

    /** As {@link #register(String, String)}, with ids, repo, branch and first status chosen by the caller. */
    public Registration register(String provider, String missionIssueId, Allocation allocation) {
        if (provider == null || provider.isBlank()) {
            throw new OrbitDockException("invalid_workspace_provider", "A workspace needs a provider name",
                    "pass --provider <name>, e.g. ssh");
        }
        String workspaceId = allocation.workspaceId();
        Instant now = clock.instant();
        TokenService.PreparedToken token = tokens.prepare("workspace " + workspaceId,
                new TokenScope.Workspace(workspaceId), null);
        writer.writeAll(List.of(token.command(),
                new WorkspaceCommand.Create(workspaceId, missionIssueId, allocation.sessionId(), provider.strip(),
                        allocation.repoUrl(), allocation.branch(), allocation.status().wire(),
                        token.issued().info().id(), now),
                // Recorded now, not on first sync, so an older instance is fenced even if it syncs first.
                new WorkspaceCommand.Update(workspaceId, Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(),
                        Patch.set(FIRST_GENERATION), Patch.absent(), Patch.absent(), Patch.set(now), Patch.absent())));
        return new Registration(workspaceId, allocation.sessionId(), missionIssueId, FIRST_GENERATION,
                token.issued());
    }

    /**
     * Marks the workspace destroyed and revokes its token in one transaction; its next sync request gets 401.
     * Destroying a destroyed workspace changes nothing.
     */
    public WorkspaceView destroy(String workspaceId) {
        WorkspaceView view = require(workspaceId);
        if (view.destroyedAt() != null) {
            return view;
        }
        Instant now = clock.instant();
        List<PersistCommand> commands = new ArrayList<>();
        tokenId(workspaceId).ifPresent(id -> commands.add(new AuthTokenCommand.Revoke(id, now)));
        commands.add(new WorkspaceCommand.Update(workspaceId, Patch.absent(), Patch.set(WorkspaceStatus.DESTROYED.wire()),
                Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.set(now)));
        writer.writeAll(commands);
        return require(workspaceId);
    }

    /** Newest first; destroyed ones only when asked. */
    public List<WorkspaceView> list(boolean includeDestroyed) {
        return query((includeDestroyed ? "" : " WHERE w.destroyed_at IS NULL") + " ORDER BY w.created_at DESC, w.id",
                null);
    }

    public Optional<WorkspaceView> find(String workspaceId) {
        return query(" WHERE w.id = ?", workspaceId).stream().findFirst();
    }

    /** @throws OrbitDockException {@code workspace_not_found} */
    public WorkspaceView require(String workspaceId) {
        return find(workspaceId).orElseThrow(() -> new OrbitDockException("workspace_not_found",
                "No workspace with id '" + workspaceId + "'", "list them with: orbitdock workspace list --all"));
    }

    private Optional<String> tokenId(String workspaceId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT sync_token FROM workspaces WHERE id = ?")) {
                select.setString(1, workspaceId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private List<WorkspaceView> query(String clause, String parameter) {
        Instant now = clock.instant();
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT w.*, i.mission_id, i.identifier"
                    + " FROM workspaces w LEFT JOIN mission_issues i ON i.id = w.mission_issue_id" + clause)) {
                if (parameter != null) {
                    select.setString(1, parameter);
                }
                try (ResultSet rs = select.executeQuery()) {
                    List<WorkspaceView> views = new ArrayList<>();
                    while (rs.next()) {
                        views.add(view(rs, now));
                    }
                    return views;
                }
            }
        });
    }

    private static WorkspaceView view(ResultSet rs, Instant now) throws SQLException {
        Instant heartbeat = instant(rs, "last_heartbeat_at");
        Long age = heartbeat == null ? null : Math.max(0, Duration.between(heartbeat, now).toSeconds());
        JsonNode info = connectionInfo(rs.getString("connection_info"));
        return new WorkspaceView(rs.getString("id"), rs.getString("provider"), rs.getString("status"),
                rs.getString("mission_issue_id"), rs.getString("mission_id"), rs.getString("identifier"),
                rs.getString("session_id"), rs.getString("external_id"), rs.getString("repo_url"),
                rs.getString("branch"), text(info, "path"), text(info, "console_url"), rs.getString("last_error"),
                instant(rs, "created_at"), instant(rs, "ready_at"), instant(rs, "destroyed_at"), new WorkspaceView.Sync(rs.getLong("sync_acked_through"),
                rs.getLong("sync_generation"), rs.getLong("sync_outbox_depth"), rs.getLong("sync_lag_ms"), heartbeat,
                age));
    }

    /** Providers own the shape of {@code connection_info} (never shown whole); what is not an object shows nothing. */
    private static JsonNode connectionInfo(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(json);
            return node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String text(JsonNode info, String field) {
        return info != null && info.hasNonNull(field) ? info.get(field).asText() : null;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : Instant.parse(value);
    }
}
