package dev.orbitdock.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentRunnersTest {
    @Test
    void theStandardRegistryHasTheCommandClaudeAndCodexAgents() {
        AgentRunners runners = AgentRunners.standard(null);

        assertThat(runners.kinds()).containsExactly("command", "claude", "codex");
        assertThat(runners.get("command")).isInstanceOf(CommandAgent.class);
        assertThat(runners.get("claude")).isInstanceOf(ClaudeAgent.class);
        assertThat(runners.get("codex")).isInstanceOf(CodexAgent.class);
    }

    @Test
    void anUnknownKindNamesTheKnownOnes() {
        AgentRunners runners = new AgentRunners(List.of(runner("command"), runner("claude")));

        assertThatThrownBy(() -> runners.get("gpt"))
                .isInstanceOf(AgentStartException.class)
                .hasMessage("unknown agent kind 'gpt' (known: command, claude)");
    }

    @Test
    void twoRunnersOfOneKindAreRefused() {
        assertThatThrownBy(() -> new AgentRunners(List.of(runner("command"), runner("command"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'command'");
    }

    private static AgentRunner runner(String kind) {
        return new AgentRunner() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public AgentHandle start(AgentLaunch launch) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
