package dev.orbitdock.app;

import dev.orbitdock.agent.AgentEnvironment;
import dev.orbitdock.agent.ClaudeAgent;
import dev.orbitdock.agent.CodexAgent;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigStore;
import java.util.Map;

/**
 * The API key each CLI agent gets, in its environment only: the variable the CLI reads ({@code ANTHROPIC_API_KEY},
 * {@code OPENAI_API_KEY}) when OrbitDock's own environment has it (it is inherited), else the encrypted config's
 * {@code anthropic_api_key} / {@code openai_api_key}. Read at each agent start, so {@code config set} applies to
 * the next agent without a restart. Base URLs are inherited from the environment as they are.
 */
final class AgentCredentials implements AgentEnvironment {
    private final ConfigStore config;
    private final Map<String, String> env;

    AgentCredentials(ConfigStore config, Map<String, String> env) {
        this.config = config;
        this.env = Map.copyOf(env);
    }

    @Override
    public Map<String, String> forKind(String kind) {
        return switch (kind) {
            case ClaudeAgent.KIND -> key("ANTHROPIC_API_KEY", ConfigKeys.ANTHROPIC_API_KEY);
            case CodexAgent.KIND -> key("OPENAI_API_KEY", ConfigKeys.OPENAI_API_KEY);
            default -> Map.of();
        };
    }

    /**
     * Every agent API key OrbitDock knows, from its environment or the config, for a remote workspace: a machine
     * elsewhere inherits nothing from this process.
     */
    Map<String, String> forRemote() {
        Map<String, String> keys = new java.util.HashMap<>();
        remoteKey(keys, "ANTHROPIC_API_KEY", ConfigKeys.ANTHROPIC_API_KEY);
        remoteKey(keys, "OPENAI_API_KEY", ConfigKeys.OPENAI_API_KEY);
        return Map.copyOf(keys);
    }

    private void remoteKey(Map<String, String> keys, String variable, ConfigKey key) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            value = config.resolve(key).value();
        }
        if (value != null && !value.isBlank()) {
            keys.put(variable, value);
        }
    }

    private Map<String, String> key(String variable, ConfigKey key) {
        String inherited = env.get(variable);
        if (inherited != null && !inherited.isBlank()) {
            return Map.of();
        }
        String stored = config.resolve(key).value();
        return stored == null ? Map.of() : Map.of(variable, stored);
    }
}
