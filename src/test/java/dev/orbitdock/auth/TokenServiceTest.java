package dev.orbitdock.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServiceTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    private TestStore store;
    private TokenService tokens;

    @BeforeEach
    void open() {
        store = TestStore.open(dir);
        tokens = new TokenService(store.database(), store.writer(), clock, new SecureRandom());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void issuedTokensHaveTheDocumentedShapeAndVerify() {
        IssuedToken issued = tokens.create("laptop", TokenScope.api(), null);

        assertThat(issued.token()).matches("odtk_[0-9a-z]{12}_[0-9a-f]{64}");
        assertThat(tokens.verify(issued.token())).isEqualTo(new Verification.Valid(issued.info()));
        assertThat(issued.toString()).doesNotContain(issued.token());
    }

    @Test
    void onlyASaltedHashIsStored() {
        IssuedToken issued = tokens.create("laptop", TokenScope.api(), null);
        String secret = issued.token().substring(issued.token().lastIndexOf('_') + 1);

        assertThat(store.count("SELECT count(*) FROM auth_tokens WHERE hash LIKE ? OR salt LIKE ?",
                "%" + secret + "%", "%" + secret + "%")).isZero();
        assertThat(store.string("SELECT hash FROM auth_tokens")).hasSize(64);
    }

    @Test
    void rejectsMalformedUnknownAndWrongSecrets() {
        IssuedToken issued = tokens.create("laptop", TokenScope.api(), null);
        String id = issued.info().id();
        String otherSecret = "0".repeat(64);

        assertThat(tokens.verify("Bearer nonsense")).isEqualTo(rejected(Verification.Reason.MALFORMED));
        assertThat(tokens.verify(null)).isEqualTo(rejected(Verification.Reason.MALFORMED));
        assertThat(tokens.verify("odtk_zzzzzzzzzzzz_" + otherSecret)).isEqualTo(rejected(Verification.Reason.UNKNOWN));
        assertThat(tokens.verify("odtk_" + id + "_" + otherSecret)).isEqualTo(rejected(Verification.Reason.WRONG_SECRET));
    }

    @Test
    void revokedAndExpiredTokensStopWorking() {
        IssuedToken revoked = tokens.create("old", TokenScope.api(), null);
        IssuedToken expiring = tokens.create("temp", TokenScope.api(), Duration.ofHours(1));

        tokens.revoke(revoked.info().id());
        clock.advance(Duration.ofMinutes(59));
        assertThat(tokens.verify(expiring.token())).isInstanceOf(Verification.Valid.class);
        clock.advance(Duration.ofMinutes(1));

        assertThat(tokens.verify(revoked.token())).isEqualTo(rejected(Verification.Reason.REVOKED));
        assertThat(tokens.verify(expiring.token())).isEqualTo(rejected(Verification.Reason.EXPIRED));
        assertThat(tokens.hasActiveApiToken()).isFalse();
    }

    @Test
    void workspaceTokensCarryTheirScopeAndDoNotCountAsApiTokens() {
        IssuedToken issued = tokens.create("ws", new TokenScope.Workspace("od-abc"), null);

        assertThat(tokens.verify(issued.token())).isInstanceOfSatisfying(Verification.Valid.class,
                v -> assertThat(v.token().scope()).isEqualTo(new TokenScope.Workspace("od-abc")));
        assertThat(tokens.hasActiveApiToken()).isFalse();
        assertThat(TokenScope.parse("workspace:od-abc")).contains(new TokenScope.Workspace("od-abc"));
        assertThat(TokenScope.parse("workspace:")).isEmpty();
        assertThat(TokenScope.parse("admin")).isEmpty();
    }

    @Test
    void issueTokensRoundTripTheirMissionIssue() {
        IssuedToken issued = tokens.create("agent", new TokenScope.Issue("od-i1"), Duration.ofHours(1));

        assertThat(tokens.verify(issued.token())).isInstanceOfSatisfying(Verification.Valid.class,
                v -> assertThat(v.token().scope()).isEqualTo(new TokenScope.Issue("od-i1")));
        assertThat(tokens.hasActiveApiToken()).isFalse();
        assertThat(TokenScope.parse("issue:")).isEmpty();
    }

    @Test
    void listNeverExposesSecretsAndRevokingUnknownIdsExplains() {
        tokens.create("a", TokenScope.api(), null);

        assertThat(tokens.list()).singleElement().extracting(TokenInfo::label).isEqualTo("a");
        assertThatThrownBy(() -> tokens.revoke("nope"))
                .isInstanceOfSatisfying(OrbitDockException.class, e -> assertThat(e.code()).isEqualTo("token_not_found"));
        assertThatThrownBy(() -> tokens.create(" ", TokenScope.api(), null)).isInstanceOf(OrbitDockException.class);
    }

    private static Verification rejected(Verification.Reason reason) {
        return new Verification.Rejected(reason);
    }
}
