package dev.orbitdock.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.auth.TokenService;
import dev.orbitdock.auth.Verification;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceRegistryTest {
    @TempDir
    java.nio.file.Path dir;

    private TestStore store;
    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    private TokenService tokens;
    private WorkspaceRegistry registry;

    @BeforeEach
    void setUp() {
        store = TestStore.open(dir);
        tokens = new TokenService(store.database(), store.writer(), clock, new SecureRandom());
        registry = new WorkspaceRegistry(store.database(), store.writer(), tokens, clock, IdGenerator.sequential("od"));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void registeringAllocatesIdsAGenerationAndATokenScopedToThatWorkspaceOnly() {
        WorkspaceRegistry.Registration ws = registry.register("ssh", "od-issue-7");

        assertThat(ws.workspaceId()).isEqualTo("od-1");
        assertThat(ws.sessionId()).isEqualTo("od-2");
        assertThat(tokens.verify(ws.token().token())).isInstanceOfSatisfying(Verification.Valid.class,
                valid -> assertThat(valid.token().scope()).isEqualTo(new TokenScope.Workspace("od-1")));
        WorkspaceView view = registry.require("od-1");
        assertThat(view.status()).isEqualTo("ready");
        assertThat(view.provider()).isEqualTo("ssh");
        assertThat(view.missionIssueId()).isEqualTo("od-issue-7");
        assertThat(view.sync().generation()).isEqualTo(WorkspaceRegistry.FIRST_GENERATION);
        assertThat(view.sync().lastHeartbeatAt()).isNull();
        assertThat(view.sync().heartbeatAgeSeconds()).isNull();
    }

    @Test
    void destroyingRevokesTheTokenAndHidesTheWorkspaceFromTheDefaultList() {
        WorkspaceRegistry.Registration ws = registry.register("manual", null);
        clock.advance(Duration.ofMinutes(5));

        WorkspaceView destroyed = registry.destroy(ws.workspaceId());

        assertThat(destroyed.status()).isEqualTo("destroyed");
        assertThat(destroyed.destroyedAt()).isEqualTo(clock.instant());
        assertThat(tokens.verify(ws.token().token())).isEqualTo(new Verification.Rejected(Verification.Reason.REVOKED));
        assertThat(registry.list(false)).isEmpty();
        assertThat(registry.list(true)).extracting(WorkspaceView::id).containsExactly(ws.workspaceId());
        assertThat(registry.destroy(ws.workspaceId())).isEqualTo(destroyed); // again: nothing changes
    }

    @Test
    void unknownWorkspacesAndBlankProvidersAreClearErrors() {
        assertThatThrownBy(() -> registry.require("od-nope")).isInstanceOfSatisfying(OrbitDockException.class,
                e -> assertThat(e.code()).isEqualTo("workspace_not_found"));
        assertThatThrownBy(() -> registry.register(" ", null)).isInstanceOfSatisfying(OrbitDockException.class,
                e -> assertThat(e.code()).isEqualTo("invalid_workspace_provider"));
        assertThat(registry.list(true)).isEmpty();
    }
}
