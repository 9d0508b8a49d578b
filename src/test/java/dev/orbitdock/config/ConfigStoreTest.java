package dev.orbitdock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {
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

    private ConfigStore config(Map<String, String> env, Map<String, String> flags) {
        return new ConfigStore(store.database(), store.writer(),
                new SecretKeyFile(dir.resolve("secret.key"), new SecureRandom()), env, flags,
                MutableClock.at("2026-11-25T12:00:00Z"), new SecureRandom());
    }

    private ConfigStore config() {
        return config(Map.of(), Map.of());
    }

    @Test
    void precedenceIsFlagThenEnvThenTableThenDefault() {
        assertThat(config().get("bind")).extracting(ConfigValue::value, ConfigValue::source)
                .containsExactly("127.0.0.1:4000", ConfigSource.DEFAULT);

        config().set("bind", "127.0.0.1:5000");
        assertThat(config().get("bind")).extracting(ConfigValue::value, ConfigValue::source)
                .containsExactly("127.0.0.1:5000", ConfigSource.TABLE);

        var withEnv = config(Map.of("ORBITDOCK_BIND", "127.0.0.1:6000"), Map.of());
        assertThat(withEnv.get("bind")).extracting(ConfigValue::value, ConfigValue::source)
                .containsExactly("127.0.0.1:6000", ConfigSource.ENV);

        var withFlag = withEnv.withFlags(Map.of("bind", "127.0.0.1:7000"));
        assertThat(withFlag.get("bind")).extracting(ConfigValue::value, ConfigValue::source)
                .containsExactly("127.0.0.1:7000", ConfigSource.FLAG);
    }

    @Test
    void unsetFallsBackToTheDefault() {
        config().set("workspace_provider", "ssh");
        config().unset("workspace_provider");

        assertThat(config().get("workspace_provider").source()).isEqualTo(ConfigSource.DEFAULT);
        assertThat(config().get("public_server_url").source()).isEqualTo(ConfigSource.UNSET);
    }

    @Test
    void unknownKeysListTheValidOnes() {
        assertThatThrownBy(() -> config().set("bnid", "x"))
                .isInstanceOfSatisfying(UnknownConfigKeyException.class, e -> {
                    assertThat(e.validKeys()).contains("bind", "anthropic_api_key");
                    assertThat(e.hint()).contains("bind").contains("workspace_provider");
                });
    }

    @Test
    void invalidValuesAreRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> config().setAll(Map.of("bind", "127.0.0.1:4100", "workspace_provider", "moon")))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("workspace_provider").hasMessageContaining("local, daytona, ssh, docker");

        assertThat(store.count("SELECT count(*) FROM config")).isZero();
    }

    @Test
    void invalidEnvironmentValuesNameTheVariable() {
        assertThatThrownBy(() -> config(Map.of("ORBITDOCK_BIND", "nonsense"), Map.of()).get("bind"))
                .isInstanceOf(InvalidConfigValueException.class).hasMessageContaining("ORBITDOCK_BIND");
    }

    @Test
    void secretsAreEncryptedAtRestAndMaskedOnDisplay() throws IOException {
        config().set("anthropic_api_key", "sk-ant-0123456789abcdef");

        String raw = store.string("SELECT value FROM config WHERE key = 'anthropic_api_key'");
        assertThat(raw).startsWith("enc:v1:").doesNotContain("0123456789abcdef");
        ConfigValue value = config().get("anthropic_api_key");
        assertThat(value.value()).isEqualTo("sk-ant-0123456789abcdef");
        assertThat(value.display(false)).isEqualTo("********cdef");
        assertThat(value.display(true)).isEqualTo("sk-ant-0123456789abcdef");
        assertThat(value.toString()).doesNotContain("0123456789");
        assertThat(Files.getPosixFilePermissions(dir.resolve("secret.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aLostKeyWithEncryptedValuesIsAnErrorAndNoNewKeyIsMade() throws IOException {
        config().set("openai_api_key", "sk-openai-abcdefghijkl");
        Files.delete(dir.resolve("secret.key"));

        assertThatThrownBy(() -> config().get("openai_api_key"))
                .isInstanceOfSatisfying(OrbitDockException.class, e -> {
                    assertThat(e.code()).isEqualTo("secret_key_missing");
                    assertThat(e.hint()).contains("config unset openai_api_key");
                });
        assertThatThrownBy(() -> config().set("anthropic_api_key", "sk-ant-new-value-123"))
                .isInstanceOfSatisfying(OrbitDockException.class, e -> assertThat(e.code()).isEqualTo("secret_key_missing"));
        assertThat(dir.resolve("secret.key")).doesNotExist();
        assertThat(config().get("bind").value()).isEqualTo("127.0.0.1:4000");
    }

    @Test
    void aReplacedKeyIsReportedNotGarbage() throws IOException {
        config().set("openai_api_key", "sk-openai-abcdefghijkl");
        Files.delete(dir.resolve("secret.key"));
        new SecretKeyFile(dir.resolve("secret.key"), new SecureRandom()).loadOrCreate();

        assertThatThrownBy(() -> config().get("openai_api_key"))
                .isInstanceOfSatisfying(OrbitDockException.class, e -> assertThat(e.code()).isEqualTo("secret_key_mismatch"));
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws IOException {
        config().set("openai_api_key", "sk-openai-abcdefghijkl");
        Files.setPosixFilePermissions(dir.resolve("secret.key"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> config().get("openai_api_key"))
                .isInstanceOfSatisfying(OrbitDockException.class, e -> {
                    assertThat(e.code()).isEqualTo("secret_key_permissions");
                    assertThat(e.hint()).startsWith("run: chmod 600");
                });
    }

    @Test
    void listShowsEveryRegisteredKey() {
        assertThat(config().list()).extracting(v -> v.key().name())
                .containsExactlyElementsOf(ConfigKeys.all().stream().map(ConfigKey::name).toList());
    }
}
