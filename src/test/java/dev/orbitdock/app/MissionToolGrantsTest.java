package dev.orbitdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.auth.TokenInfo;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.auth.Verification;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.MissionToolsAccess;
import dev.orbitdock.mission.OrchestrationState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue tokens for local and remote runs: what each run is handed, and that none outlives its run. */
class MissionToolGrantsTest {
    @TempDir
    Path dir;

    private Services services;
    private MissionToolGrants grants;

    @BeforeEach
    void open() {
        services = Services.open(new DataDir(dir.resolve("data")), Map.of(), Map.of());
        grants = new MissionToolGrants(services.tokens(), () -> URI.create("http://127.0.0.1:4000"),
                List.of("/opt/od/bin/orbitdock"));
    }

    @AfterEach
    void close() {
        services.close();
    }

    @Test
    void aLocalRunGetsTheServerTheApiUrlAndATokenForItsIssueOnly() {
        try (MissionToolsAccess.Grant grant = grants.open(issue("od-i-1"))) {
            assertThat(grant.server().command()).containsExactly("/opt/od/bin/orbitdock", "mcp-mission-tools");
            assertThat(grant.env()).containsEntry("ORBITDOCK_API_URL", "http://127.0.0.1:4000")
                    .containsKey("ORBITDOCK_ISSUE_TOKEN");
            assertThat(scopeOf(grant.env().get("ORBITDOCK_ISSUE_TOKEN")))
                    .isEqualTo(new TokenScope.Issue("od-i-1"));
            assertThat(grant.toString()).doesNotContain(grant.env().get("ORBITDOCK_ISSUE_TOKEN"));
        }
        assertThat(issueTokens()).singleElement().satisfies(t -> assertThat(t.revokedAt()).isNotNull());
    }

    @Test
    void aRemoteRunGetsTheTokenAloneTheManagedInstanceNamesItsOwnServer() {
        try (MissionToolsAccess.Grant grant = grants.openRemote(issue("od-i-1"))) {
            assertThat(grant.server()).isNull();
            assertThat(grant.env()).containsOnlyKeys("ORBITDOCK_ISSUE_TOKEN");
            assertThat(scopeOf(grant.env().get("ORBITDOCK_ISSUE_TOKEN"))).isEqualTo(new TokenScope.Issue("od-i-1"));
        }
        assertThat(issueTokens()).singleElement().satisfies(t -> assertThat(t.revokedAt()).isNotNull());
    }

    @Test
    void revokingAllOfAnIssueLeavesOtherIssuesTokensAlone() {
        grants.openRemote(issue("od-i-1"));
        grants.openRemote(issue("od-i-1"));
        MissionToolsAccess.Grant other = grants.openRemote(issue("od-i-2"));

        grants.revokeAll(issue("od-i-1"));

        assertThat(issueTokens()).filteredOn(t -> t.revokedAt() == null).extracting(TokenInfo::scope)
                .containsExactly(new TokenScope.Issue("od-i-2"));
        other.close();
    }

    private TokenScope scopeOf(String token) {
        assertThat(services.tokens().verify(token)).isInstanceOf(Verification.Valid.class);
        return ((Verification.Valid) services.tokens().verify(token)).token().scope();
    }

    private List<TokenInfo> issueTokens() {
        return services.tokens().list().stream().filter(t -> t.scope() instanceof TokenScope.Issue).toList();
    }

    private static MissionIssue issue(String id) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new MissionIssue(id, "od-m-1", "T-1", "T-1", "Take payments", null, OrchestrationState.RUNNING, 1,
                "od-w-1", "od-s-1", null, null, null, 1, now, now, now);
    }
}
