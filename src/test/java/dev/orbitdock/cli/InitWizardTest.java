package dev.orbitdock.cli;

import static dev.orbitdock.cli.InitScriptedPrompter.CTRL_C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.cli.init.InitAborted;
import dev.orbitdock.cli.init.InitWizard;
import dev.orbitdock.cli.init.WizardTables;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigSource;
import dev.orbitdock.config.ConfigValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The question flow, driven by a script (the terminal side is {@link InitJLineTest}). */
class InitWizardTest {
    private static final String ANTHROPIC = "sk-ant-api03-abcdefghijklmnop";

    private final Map<String, String> stored = new HashMap<>();

    private ConfigValue current(ConfigKey key) {
        String value = stored.get(key.name());
        if (value != null) {
            return new ConfigValue(key, value, ConfigSource.TABLE);
        }
        return key.defaultValue() != null ? new ConfigValue(key, key.defaultValue(), ConfigSource.DEFAULT)
                : new ConfigValue(key, null, ConfigSource.UNSET);
    }

    private Optional<Map<String, String>> run(InitScriptedPrompter prompter) {
        return new InitWizard(prompter, this::current).run();
    }

    @Test
    void aFreshRunCollectsEveryAnswer() {
        var prompter = new InitScriptedPrompter("ssh", "build1.example.com, 10.0.0.5:2222", "deploy", "",
                ANTHROPIC, "", "github", "ghp_token1234567890", "0.0.0.0:4100", "https://orbit.example.com", "y");

        Map<String, String> answers = run(prompter).orElseThrow();

        assertThat(answers).containsExactly(Map.entry("workspace_provider", "ssh"),
                Map.entry("ssh_hosts", "build1.example.com, 10.0.0.5:2222"), Map.entry("ssh_user", "deploy"),
                Map.entry("ssh_key_path", "~/.ssh/id_ed25519"),
                Map.entry("anthropic_api_key", ANTHROPIC), Map.entry("github_token", "ghp_token1234567890"),
                Map.entry("bind", "0.0.0.0:4100"), Map.entry("public_server_url", "https://orbit.example.com"));
        assertThat(String.join("\n", prompter.transcript)).containsPattern("say  +anthropic_api_key +=  ?\\*{8}mnop")
                .doesNotContain(ANTHROPIC).doesNotContain("ghp_token1234567890");
    }

    @Test
    void aReRunPreFillsEveryValueAndEnterKeepsThem() {
        stored.put("workspace_provider", "docker");
        stored.put("docker_image", "ghcr.io/acme/orbitdock:1");
        stored.put("anthropic_api_key", ANTHROPIC);
        stored.put("linear_api_key", "lin_api_abcdefghijklmnop");
        stored.put("bind", "0.0.0.0:4200");
        var prompter = new InitScriptedPrompter("", "", "", "", "", "", "", "", "", "");

        Map<String, String> answers = run(prompter).orElseThrow();

        assertThat(prompter.transcript).contains("select Where should agents run? [docker]",
                "text Image for workspace containers; it must provide sh, git and OrbitDock [ghcr.io/acme/orbitdock:1]",
                "secret Anthropic API key handed to Claude Code agents (optional) [********mnop]",
                "select Which issue tracker do your missions use? [linear]",
                "secret Linear API key for missions whose tracker is linear [********mnop]",
                "text Address the server listens on [0.0.0.0:4200]");
        // kept secrets are not rewritten; plain values stay what they were
        assertThat(answers).containsExactly(Map.entry("workspace_provider", "docker"),
                Map.entry("docker_host", "unix:///var/run/docker.sock"),
                Map.entry("docker_image", "ghcr.io/acme/orbitdock:1"), Map.entry("bind", "0.0.0.0:4200"));
    }

    @Test
    void invalidAnswersAreAskedAgainWithTheReason() {
        var prompter = new InitScriptedPrompter("local", "", "", "linear", "", "lin_key_abcdefghijkl", "localhost",
                "127.0.0.1:4000", "ftp://x", "", "y");

        Map<String, String> answers = run(prompter).orElseThrow();

        assertThat(prompter.transcript).contains("say ✗ linear_api_key is required",
                "say ✗ bind must be host:port, e.g. 127.0.0.1:4000 or 0.0.0.0:4000; try again",
                "say ✗ public_server_url must be an http:// or https:// URL with a host; try again");
        assertThat(answers).containsEntry("linear_api_key", "lin_key_abcdefghijkl").containsEntry("bind", "127.0.0.1:4000")
                .doesNotContainKey("public_server_url");
    }

    @Test
    void ctrlCOrEndOfInputAtAnyPointAborts() {
        assertThatThrownBy(() -> run(new InitScriptedPrompter("ssh", CTRL_C))).isInstanceOf(InitAborted.class);
        assertThatThrownBy(() -> run(new InitScriptedPrompter("ssh", "", ""))).isInstanceOf(InitAborted.class);
    }

    @Test
    void decliningAtTheSummaryReturnsNothing() {
        assertThat(run(new InitScriptedPrompter("", "", "", "", "", "", "n"))).isEmpty();
    }

    @Test
    void theTablesOfferExactlyTheRegisteredChoices() {
        assertThat(WizardTables.values(WizardTables.PROVIDERS))
                .containsExactlyInAnyOrderElementsOf(ConfigKeys.WORKSPACE_PROVIDER.choices());
        assertThat(WizardTables.PROVIDER_KEYS.keySet())
                .containsExactlyInAnyOrderElementsOf(ConfigKeys.WORKSPACE_PROVIDER.choices());
        assertThat(WizardTables.TRACKER_KEYS.keySet())
                .containsExactlyInAnyOrderElementsOf(WizardTables.values(WizardTables.TRACKERS));
    }
}
