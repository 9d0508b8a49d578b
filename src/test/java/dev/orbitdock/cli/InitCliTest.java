package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orbitdock init --yes}: the scripted path, in-process against a real data dir. */
class InitCliTest {
    private static final String ANTHROPIC = "sk-ant-api03-abcdefghijklmnop";
    private static final String OPENAI = "sk-openai-qrstuvwxyz123456";

    @TempDir
    Path dir;

    @Test
    void yesSavesOptionsStdinAndEnvironmentSecretsAndMasksThem() {
        CliRunner cli = new CliRunner(dir, Map.of("ORBITDOCK_OPENAI_API_KEY", OPENAI));

        var result = cli.runWithStdin(ANTHROPIC + "\n", "init", "--yes", "--workspace-provider", "ssh",
                "--bind", "0.0.0.0:4100", "--public-server-url", "https://orbit.example.com",
                "--anthropic-api-key-stdin");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("workspace_provider = ssh").containsPattern("anthropic_api_key +=  ?\\*{8}mnop")
                .doesNotContain(ANTHROPIC).doesNotContain(OPENAI)
                .endsWith(InitCommand.SAVED + "\n");
        CliRunner plain = new CliRunner(dir);
        assertThat(plain.run("config", "get", "workspace_provider").out()).isEqualTo("ssh\n");
        assertThat(plain.run("config", "get", "bind").out()).isEqualTo("0.0.0.0:4100\n");
        assertThat(plain.run("config", "get", "public_server_url").out()).isEqualTo("https://orbit.example.com\n");
        assertThat(plain.run("config", "get", "anthropic_api_key", "--reveal").out()).isEqualTo(ANTHROPIC + "\n");
        assertThat(plain.run("config", "get", "openai_api_key", "--reveal").out()).isEqualTo(OPENAI + "\n");
    }

    @Test
    void everyProviderSettingHasItsOptionAndSecretsComeFromStdin() {
        CliRunner cli = new CliRunner(dir);

        var result = cli.runWithStdin("dtn_secret_1234567890\n", "init", "--yes", "--workspace-provider", "daytona",
                "--daytona-api-url", "https://daytona.example.com/api", "--daytona-api-key-stdin",
                "--daytona-image", "ubuntu:24.04", "--ssh-hosts", "a.example.com,b:2222");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(cli.run("config", "get", "daytona_api_url").out()).isEqualTo("https://daytona.example.com/api\n");
        assertThat(cli.run("config", "get", "daytona_api_key", "--reveal").out()).isEqualTo("dtn_secret_1234567890\n");
        assertThat(cli.run("config", "get", "ssh_hosts").out()).isEqualTo("a.example.com,b:2222\n");
        assertThat(cli.run("init", "--yes", "--ssh-hosts", "not a host").err()).startsWith("error: ssh_hosts must be");
        assertThat(cli.run("init", "--yes", "--daytona-api-key", "x").err()).contains("Unknown option");
    }

    @Test
    void anUnknownProviderListsTheValidOnes() {
        var result = new CliRunner(dir).run("init", "--yes", "--workspace-provider", "kubernetes");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: Unknown workspace provider 'kubernetes'\n"
                + "hint: valid: local, daytona, docker, ssh\n");
    }

    @Test
    void oneInvalidValueSavesNothing() {
        CliRunner cli = new CliRunner(dir);

        var result = cli.run("init", "--yes", "--workspace-provider", "ssh", "--bind", "localhost");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("bind must be host:port").contains("nothing was saved");
        assertThat(cli.run("config", "get", "workspace_provider", "--json").out()).contains("\"source\" : \"default\"");
    }

    @Test
    void onlyOneSecretMayComeFromStdin() {
        CliRunner cli = new CliRunner(dir);

        var result = cli.runWithStdin("a\nb\n", "init", "--yes", "--anthropic-api-key-stdin", "--openai-api-key-stdin");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Only one --…-stdin option").contains("ORBITDOCK_OPENAI_API_KEY");
        assertThat(cli.run("config", "get", "anthropic_api_key").exitCode()).isEqualTo(1);
    }

    @Test
    void aTrackerNeedsItsCredentialButNotItsKindStored() {
        CliRunner cli = new CliRunner(dir);

        var missing = cli.run("init", "--yes", "--tracker", "github");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("The github tracker needs github_token")
                .contains("--github-token-stdin or set ORBITDOCK_GITHUB_TOKEN");

        var given = cli.runWithStdin("ghp_abcdefghijklmnop1234", "init", "--yes", "--tracker", "github",
                "--github-token-stdin");
        assertThat(given.exitCode()).as(given.err()).isZero();
        assertThat(given.out()).contains("github_token").doesNotContain("ghp_abcdefghijklmnop1234");

        var unknown = cli.run("init", "--yes", "--tracker", "jira");
        assertThat(unknown.err()).contains("Unknown tracker 'jira'").contains("valid: local, github, linear");
    }

    @Test
    void withoutATerminalOrYesItRefusesWithTheCommandToRun() {
        var result = new CliRunner(dir).run("init", "--workspace-provider", "docker", "--bind", "0.0.0.0:4000");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("needs a terminal")
                .contains("hint: run it non-interactively: orbitdock init --yes --workspace-provider docker --bind 0.0.0.0:4000");
        assertThat(dir.resolve("orbitdock.db")).doesNotExist();
    }

    @Test
    void startRefusesAnUnknownProviderOverrideBeforeListening() {
        var result = new CliRunner(dir).run("start", "--workspace-provider", "kubernetes", "--bind", "127.0.0.1:0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("workspace_provider (from command line) must be one of local, daytona, ssh, docker");
    }

    @Test
    void yesWithNothingToSetSaysSo() {
        var result = new CliRunner(dir).run("init", "--yes");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Nothing to change").doesNotContain(InitCommand.SAVED);
    }
}
