package dev.orbitdock.app;

import dev.orbitdock.agent.McpServer;
import dev.orbitdock.auth.IssuedToken;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.auth.TokenService;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.MissionToolsAccess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each agent run its issue's mission tools: a fresh token scoped to that issue (revoked when the run ends).
 * A local run gets {@code <orbitdock> mcp-mission-tools} as its MCP server, with the API URL and token in the
 * environment; a remote run gets the token alone, for the managed instance there ({@link ManagedRun}).
 */
final class MissionToolGrants implements MissionToolsAccess {
    private static final Logger log = LoggerFactory.getLogger(MissionToolGrants.class);
    /** The MCP server's name, hence the tools' names in claude ({@code mcp__orbitdock__report_blocked}). */
    static final String SERVER_NAME = "orbitdock";
    static final String API_URL_ENV = "ORBITDOCK_API_URL";
    static final String TOKEN_ENV = "ORBITDOCK_ISSUE_TOKEN";
    /** A run's token outlives no run: this only bounds one whose revocation was lost in a crash. */
    private static final Duration TOKEN_TTL = Duration.ofDays(2);

    private final TokenService tokens;
    private final Supplier<URI> apiUrl;
    private final List<String> orbitdockCommand;

    /** @param apiUrl the running API server's address, read at each launch (its port is known once it listens) */
    MissionToolGrants(TokenService tokens, Supplier<URI> apiUrl, List<String> orbitdockCommand) {
        this.tokens = tokens;
        this.apiUrl = apiUrl;
        this.orbitdockCommand = List.copyOf(orbitdockCommand);
    }

    @Override
    public Grant open(MissionIssue issue) {
        return grant(issue, server(orbitdockCommand), token -> Map.of(API_URL_ENV, apiUrl.get().toString(),
                TOKEN_ENV, token));
    }

    @Override
    public Grant openRemote(MissionIssue issue) {
        return grant(issue, null, token -> Map.of(TOKEN_ENV, token));
    }

    @Override
    public void revokeAll(MissionIssue issue) {
        TokenScope scope = new TokenScope.Issue(issue.id());
        tokens.list().stream().filter(t -> t.revokedAt() == null && t.scope().equals(scope))
                .forEach(t -> revoke(t.id(), issue));
    }

    private Grant grant(MissionIssue issue, McpServer server, Function<String, Map<String, String>> env) {
        IssuedToken token = tokens.create("mission tools " + issue.identifier(), new TokenScope.Issue(issue.id()),
                TOKEN_TTL);
        return new Grant(server, env.apply(token.token()), () -> revoke(token.info().id(), issue));
    }

    private void revoke(String tokenId, MissionIssue issue) {
        try {
            tokens.revoke(tokenId);
        } catch (RuntimeException e) {
            log.warn("could not revoke the mission tools token of {}: {}", issue.identifier(), e.getMessage());
        }
    }

    /** {@code <orbitdock> mcp-mission-tools}, given the API URL and token through the agent's environment. */
    static McpServer server(List<String> orbitdockCommand) {
        List<String> command = new ArrayList<>(orbitdockCommand);
        command.add("mcp-mission-tools");
        return new McpServer(SERVER_NAME, command, List.of(API_URL_ENV, TOKEN_ENV));
    }

    /**
     * How to start OrbitDock: the configured words, else this very JVM with this class path, so the agent's
     * server is the same build as the control plane without depending on a launcher being on PATH.
     */
    static List<String> orbitdockCommand(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Arrays.asList(configured.strip().split("\\s+"));
        }
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return List.of(java, "-cp", System.getProperty("java.class.path"), "dev.orbitdock.cli.Main");
    }
}
