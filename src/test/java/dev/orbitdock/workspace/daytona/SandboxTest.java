package dev.orbitdock.workspace.daytona;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.common.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxTest {
    @Test
    void readsWhatItNeedsAndIgnoresTheRestOfDaytonasSandbox() throws Exception {
        Sandbox sandbox = Sandbox.of(Json.mapper().readTree("""
                {"id":"sb-1","organizationId":"org","name":"sb-1","user":"daytona","state":"build_failed",
                 "errorReason":"manifest unknown: ghcr.io/acme/nope","toolboxProxyUrl":"https://proxy.example/toolbox",
                 "labels":{"orbitdock.workspace_id":"od-w-1"},"cpu":1,"gpu":0,"memory":1,"disk":3,"kvm":false}"""));

        assertThat(sandbox).isEqualTo(new Sandbox("sb-1", "build_failed", "manifest unknown: ghcr.io/acme/nope",
                "https://proxy.example/toolbox", Map.of("orbitdock.workspace_id", "od-w-1")));
        assertThat(sandbox.failed()).isTrue();
        assertThat(sandbox.starting()).isFalse();
    }

    @Test
    void tellsStartingFromStoppedAndGone() {
        assertThat(state("pulling_snapshot").starting()).isTrue();
        assertThat(state("creating").starting()).isTrue();
        assertThat(state("stopped").starting()).isFalse();
        assertThat(state("destroying").gone()).isTrue();
        assertThat(state("started").failed()).isFalse();
    }

    private static Sandbox state(String state) {
        return new Sandbox("sb", state, null, null, Map.of());
    }
}
