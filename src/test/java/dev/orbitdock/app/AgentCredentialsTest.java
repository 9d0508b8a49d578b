package dev.orbitdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.config.SecretKeyFile;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCredentialsTest {
    @TempDir
    Path dir;

    private TestStore store;

    @BeforeEach
    void open() {
        store = TestStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void eachCliGetsOnlyItsOwnStoredKey() {
        ConfigStore config = config(Map.of());
        config.set("anthropic_api_key", "sk-ant-stored");
        config.set("openai_api_key", "sk-openai-stored");
        AgentCredentials credentials = new AgentCredentials(config, Map.of());

        assertThat(credentials.forKind("claude")).isEqualTo(Map.of("ANTHROPIC_API_KEY", "sk-ant-stored"));
        assertThat(credentials.forKind("codex")).isEqualTo(Map.of("OPENAI_API_KEY", "sk-openai-stored"));
        assertThat(credentials.forKind("command")).isEmpty();
    }

    @Test
    void aKeyInOrbitDocksOwnEnvironmentIsInheritedAsItIs() {
        ConfigStore config = config(Map.of());
        config.set("anthropic_api_key", "sk-ant-stored");

        assertThat(new AgentCredentials(config, Map.of("ANTHROPIC_API_KEY", "sk-ant-env")).forKind("claude"))
                .isEmpty();
        assertThat(new AgentCredentials(config(Map.of()), Map.of()).forKind("codex")).isEmpty();
    }

    private ConfigStore config(Map<String, String> env) {
        return new ConfigStore(store.database(), store.writer(),
                new SecretKeyFile(dir.resolve("secret.key"), new SecureRandom()), env, Map.of(),
                MutableClock.at("2026-11-25T12:00:00Z"), new SecureRandom());
    }
}
