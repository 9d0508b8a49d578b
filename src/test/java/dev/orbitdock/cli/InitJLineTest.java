package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.cli.init.InitAborted;
import dev.orbitdock.cli.init.InitWizard;
import dev.orbitdock.cli.init.JLinePrompter;
import dev.orbitdock.cli.init.WizardTables;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigSource;
import dev.orbitdock.config.ConfigValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

/** The real JLine prompter on JLine's own terminals, fed keystrokes (arrow-key escapes included). */
class InitJLineTest {
    private static final String DOWN = "\033[B";
    private static final String ANTHROPIC = "sk-ant-api03-abcdefghijklmnop";
    private static final String GITHUB = "ghp_abcdefghijklmnop1234";

    private final InitKeys.Screen screen = new InitKeys.Screen();

    private static ConfigValue fresh(ConfigKey key) {
        return key.defaultValue() != null ? new ConfigValue(key, key.defaultValue(), ConfigSource.DEFAULT)
                : new ConfigValue(key, null, ConfigSource.UNSET);
    }

    private Terminal xterm(InitKeys keys) throws IOException {
        return new ExternalTerminal("test", "xterm-256color", keys, screen, StandardCharsets.UTF_8);
    }

    @Test
    void aFreshRunWithArrowKeysMaskedSecretsAndARetry() throws IOException {
        InitKeys keys = new InitKeys(screen)
                .after("❯ Local", DOWN + DOWN + "\r")
                .after("? Docker Engine address", "\r")
                .after("? Image for workspace containers", "ghcr.io/acme/orbitdock:1\r")
                .after("? Anthropic API key", ANTHROPIC + "\r")
                .after("? OpenAI API key", "\r")
                .after("❯ Local directory", DOWN + "\r")
                .after("? GitHub token", GITHUB + "\r")
                .after("? Address the server listens on: ", "\r")
                .after("? URL at which remote", "nope\r")
                .after("try again", "")
                .after("? URL at which remote", "https://orbit.example.com\r")
                .after("? Save this configuration? [Y/n] ", "y\r");
        Optional<Map<String, String>> answers;
        try (Terminal terminal = xterm(keys)) {
            answers = new InitWizard(new JLinePrompter(terminal, null), InitJLineTest::fresh).run();
        }

        assertThat(answers.orElseThrow()).containsExactly(Map.entry("workspace_provider", "docker"),
                Map.entry("docker_host", "unix:///var/run/docker.sock"),
                Map.entry("docker_image", "ghcr.io/acme/orbitdock:1"), Map.entry("anthropic_api_key", ANTHROPIC), Map.entry("github_token", GITHUB),
                Map.entry("bind", "127.0.0.1:4000"), Map.entry("public_server_url", "https://orbit.example.com"));
        assertThat(screen.text()).contains("→ Docker", "→ GitHub Issues", "public_server_url must be an http://")
                .doesNotContain(ANTHROPIC).doesNotContain(GITHUB).contains("*****");
    }

    @Test
    void aReRunPreFillsEveryValueAndEnterKeepsThem() throws IOException {
        Map<String, String> stored = Map.of("workspace_provider", "ssh", "ssh_hosts", "build1.example.com",
                "ssh_user", "orbit", "anthropic_api_key", ANTHROPIC, "github_token", GITHUB,
                "bind", "0.0.0.0:4200", "public_server_url", "https://orbit.example.com");
        InitKeys keys = new InitKeys(screen)
                .after("❯ SSH", "\r")
                .after("? SSH hosts", "\r")
                .after("? User OrbitDock logs in as", "\r")
                .after("? Private key file", "\r")
                .after("? Anthropic API key", "\r")
                .after("? OpenAI API key", "\r")
                .after("❯ GitHub Issues", "\r")
                .after("? GitHub token", "\r")
                .after("? Address the server listens on: ", "\r")
                .after("? URL at which remote", "\r")
                .after("? Save this configuration? [Y/n] ", "\r");
        Optional<Map<String, String>> answers;
        try (Terminal terminal = xterm(keys)) {
            answers = new InitWizard(new JLinePrompter(terminal, null), key -> stored.containsKey(key.name())
                    ? new ConfigValue(key, stored.get(key.name()), ConfigSource.TABLE) : fresh(key)).run();
        }

        // Kept secrets are not re-written; every other kept value is saved as it was.
        assertThat(answers.orElseThrow()).containsEntry("workspace_provider", "ssh")
                .containsEntry("ssh_hosts", "build1.example.com").containsEntry("ssh_user", "orbit")
                .containsEntry("bind", "0.0.0.0:4200").containsEntry("public_server_url", "https://orbit.example.com")
                .doesNotContainKeys("anthropic_api_key", "github_token");
        assertThat(screen.text()).contains("build1.example.com", "0.0.0.0:4200").doesNotContain(ANTHROPIC)
                .doesNotContain(GITHUB);
    }

    @Test
    void ctrlCInTheListOrInALineAborts() throws IOException {
        try (Terminal terminal = xterm(new InitKeys(screen).after("❯ Local", "\003"))) {
            assertThatThrownBy(() -> new InitWizard(new JLinePrompter(terminal, null), InitJLineTest::fresh).run())
                    .isInstanceOf(InitAborted.class);
        }
        try (Terminal terminal = xterm(new InitKeys(screen).after("❯ Local", "\r").after("? Anthropic", "sk-\003"))) {
            assertThatThrownBy(() -> new InitWizard(new JLinePrompter(terminal, null), InitJLineTest::fresh).run())
                    .isInstanceOf(InitAborted.class);
        }
    }

    @Test
    void endOfInputAborts() throws IOException {
        try (Terminal terminal = xterm(new InitKeys(screen).after("❯ Local", "\r"))) {
            assertThatThrownBy(() -> new InitWizard(new JLinePrompter(terminal, null), InitJLineTest::fresh).run())
                    .isInstanceOf(InitAborted.class);
        }
    }

    @Test
    void aDumbTerminalGetsANumberedListAndPreFilledLines() throws IOException {
        InitKeys keys = new InitKeys(screen).after("Choose 1-4 [1]: ", "9\n").after("Choose 1-4 [1]: ", "3\n")
                .after("? Address", "\n").after("? Key", "s3cr\u007fet-value\n").after("? Key", "\u0003");
        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, keys, screen, StandardCharsets.UTF_8)) {
            JLinePrompter prompter = new JLinePrompter(terminal, null);

            assertThat(prompter.select("Where should agents run?", WizardTables.PROVIDERS, "local")).isEqualTo("docker");
            assertThat(prompter.text("Address", "127.0.0.1:4000")).isEqualTo("127.0.0.1:4000");
            assertThat(prompter.secret("Key", null)).isEqualTo("s3cet-value");
            assertThatThrownBy(() -> prompter.secret("Key", null)).isInstanceOf(InitAborted.class);
        }
        assertThat(screen.text()).contains("  3) Docker", "✗ choose a number from 1 to 4").doesNotContain("s3c");
    }
}
