package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCliTest {
    @TempDir
    Path dir;

    @Test
    void setGetListUnsetRoundTrip() throws Exception {
        CliRunner cli = new CliRunner(dir);

        assertThat(cli.run("config", "get", "bind").out()).isEqualTo("127.0.0.1:4000\n");
        assertThat(cli.run("config", "set", "bind", "0.0.0.0:4100").exitCode()).isZero();
        assertThat(cli.run("config", "get", "bind").out()).isEqualTo("0.0.0.0:4100\n");

        JsonNode listed = Json.mapper().readTree(cli.run("config", "list", "--json").out());
        assertThat(listed.get("settings").findValues("key")).extracting(JsonNode::asText).contains("bind", "log_level");
        assertThat(listed.get("settings").get(0).get("source").asText()).isEqualTo("table");

        assertThat(cli.run("config", "unset", "bind").exitCode()).isZero();
        assertThat(cli.run("config", "get", "bind", "--json").out()).contains("\"source\" : \"default\"");
    }

    @Test
    void secretsComeFromStdinAreMaskedAndRevealOnRequest() {
        CliRunner cli = new CliRunner(dir);

        var set = cli.runWithStdin("sk-ant-api03-abcdefghijklmnop\n", "config", "set", "anthropic_api_key", "--stdin");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).doesNotContain("abcdefghijkl").contains("(encrypted)");

        assertThat(cli.run("config", "get", "anthropic_api_key").out()).isEqualTo("********mnop\n");
        assertThat(cli.run("config", "list").out()).doesNotContain("abcdefghijkl");
        assertThat(cli.run("config", "get", "anthropic_api_key", "--reveal").out())
                .isEqualTo("sk-ant-api03-abcdefghijklmnop\n");
    }

    @Test
    void aSecretOnTheCommandLineIsRefusedAndNotStored() {
        CliRunner cli = new CliRunner(dir);

        var result = cli.run("config", "set", "openai_api_key", "sk-visible-in-ps");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: openai_api_key is a secret").contains("hint: ");
        assertThat(cli.run("config", "get", "openai_api_key").exitCode()).isEqualTo(1);
    }

    @Test
    void unknownKeysListValidKeys() {
        var result = new CliRunner(dir).run("config", "set", "bnid", "x");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: Unknown config key 'bnid'\nhint: valid keys: bind, "
                + "public_server_url, workspace_provider, log_level, anthropic_api_key, openai_api_key, github_token, "
                + "linear_api_key, ssh_hosts, ssh_user, ssh_key_path, ssh_known_hosts, ssh_max_workspaces_per_host, "
                + "ssh_orbitdock_command, ssh_workspace_root, daytona_api_url, daytona_api_key, daytona_target, "
                + "daytona_image, daytona_snapshot, daytona_cpu, daytona_memory, daytona_disk, "
                + "daytona_auto_stop_interval, daytona_auto_delete_interval, daytona_orbitdock_command, "
                + "daytona_create_timeout, docker_host, docker_image, docker_cpu, docker_memory, "
                + "docker_orbitdock_command, git_token, sync_drain_timeout, sync_log_retention, mission_tools_command, "
                + "workspace_connect_timeout\n");
    }

    @Test
    void invalidValuesExplainTheExpectedShape() {
        var result = new CliRunner(dir).run("config", "set", "bind", "localhost");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("bind must be host:port").doesNotContain("Exception");
    }

    @Test
    void environmentOverridesAreShownWithTheirSource() {
        CliRunner cli = new CliRunner(dir, Map.of("ORBITDOCK_LOG_LEVEL", "debug"));

        assertThat(cli.run("config", "list").out()).containsPattern("log_level\\s+debug\\s+env");
    }

    @Test
    void aCorruptDatabaseIsOneLineWithAHintAndStaysUntouched() throws Exception {
        Files.writeString(dir.resolve("orbitdock.db"), "garbage ".repeat(1000));

        var result = new CliRunner(dir).run("config", "get", "bind");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).hasSize(2);
        assertThat(result.err()).startsWith("error: ").contains("not a readable SQLite database").contains("hint: ");
        assertThat(Files.readString(dir.resolve("orbitdock.db"))).isEqualTo("garbage ".repeat(1000));
    }

    @Test
    void anUnwritableDataDirIsExplained() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");

        var result = new CliRunner(file.resolve("sub")).run("config", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: Cannot use data dir").contains("hint: choose a writable directory");
    }

    @Test
    void aLostSecretKeyIsExplainedAndNothingChanges() throws Exception {
        CliRunner cli = new CliRunner(dir);
        cli.runWithStdin("sk-openai-abcdefghijklmnop", "config", "set", "openai_api_key", "--stdin");
        Files.delete(dir.resolve("secret.key"));

        var listed = cli.run("config", "list");

        assertThat(listed.exitCode()).isEqualTo(1);
        assertThat(listed.err()).startsWith("error: ").contains("secret.key is missing")
                .contains("hint: restore secret.key from a backup, or discard those values: orbitdock config unset openai_api_key");
        assertThat(dir.resolve("secret.key")).doesNotExist();
    }

    @Test
    void aSecretKeyOthersCanReadIsRefusedWithTheFix() throws Exception {
        CliRunner cli = new CliRunner(dir);
        cli.runWithStdin("sk-openai-abcdefghijklmnop", "config", "set", "openai_api_key", "--stdin");
        Files.setPosixFilePermissions(dir.resolve("secret.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        var got = cli.run("config", "get", "openai_api_key");

        assertThat(got.exitCode()).isEqualTo(1);
        assertThat(got.err()).contains("must be readable by its owner only").contains("hint: run: chmod 600 ");
    }
}
