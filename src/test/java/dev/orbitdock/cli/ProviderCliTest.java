package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderCliTest {
    @TempDir
    Path dir;

    @Test
    void getSetAndConfigureTheDefaultProvider() {
        CliRunner cli = new CliRunner(dir);

        assertThat(cli.run("mission", "provider", "get").out()).isEqualTo("local  (default)\n");
        assertThat(cli.run("mission", "provider", "set", "ssh").out()).isEqualTo("workspace_provider = ssh\n");
        assertThat(cli.run("mission", "provider", "config", "set", "ssh_hosts", "a.example.com,b:2222").out())
                .isEqualTo("ssh_hosts = a.example.com,b:2222\n");
        assertThat(cli.run("mission", "provider", "config").out()).contains("ssh_hosts").contains("a.example.com,b:2222")
                .contains("ssh_max_workspaces_per_host  4");
        assertThat(cli.run("mission", "provider", "get").out()).isEqualTo("ssh  (table)\n");
    }

    @Test
    void badInputIsExplained() {
        CliRunner cli = new CliRunner(dir);

        assertThat(cli.run("mission", "provider", "set", "cloud").err())
                .startsWith("error: workspace_provider must be one of local, daytona, ssh, docker");
        assertThat(cli.run("mission", "provider", "config", "set", "bind", "x").err())
                .startsWith("error: bind is not a provider setting").contains("ssh_hosts");
        assertThat(cli.run("mission", "provider", "config", "--provider", "cloud").err())
                .startsWith("error: Unknown provider 'cloud'");
        var test = cli.run("mission", "provider", "test", "--provider", "ssh");
        assertThat(test.exitCode()).isEqualTo(1);
        assertThat(test.out()).contains("✗ ssh settings").contains("ssh_hosts is not set");
        assertThat(cli.run("mission", "provider", "test").out()).contains("✓ git on this machine");
    }

    @Test
    void daytonaIsConfiguredThroughItsOwnKeysAndTestedOnlyOnceItHasThem() {
        CliRunner cli = new CliRunner(dir);

        var listed = cli.run("mission", "provider", "config", "--provider", "daytona").out();
        assertThat(listed).contains("daytona_api_url").contains("https://app.daytona.io/api")
                .contains("daytona_api_key").contains("daytona_auto_stop_interval").doesNotContain("ssh_hosts");
        var test = cli.run("mission", "provider", "test", "--provider", "daytona");
        assertThat(test.exitCode()).isEqualTo(1);
        assertThat(test.out()).contains("✗ daytona settings").contains("daytona_api_key is not set");
    }

    @Test
    void dockerIsConfiguredThroughItsOwnKeysAndItsTestNamesAnEngineThatIsNotThere() {
        CliRunner cli = new CliRunner(dir);

        var listed = cli.run("mission", "provider", "config", "--provider", "docker").out();
        assertThat(listed).contains("docker_host").contains("unix:///var/run/docker.sock").contains("docker_image")
                .contains("docker_orbitdock_command").doesNotContain("daytona_api_key");
        var unset = cli.run("mission", "provider", "test", "--provider", "docker");
        assertThat(unset.exitCode()).isEqualTo(1);
        assertThat(unset.out()).contains("✗ docker settings").contains("docker_image is not set");

        cli.run("mission", "provider", "config", "set", "docker_image", "ghcr.io/acme/orbitdock:1");
        cli.run("mission", "provider", "config", "set", "docker_host", "unix://" + dir.resolve("absent.sock"));
        var unreachable = cli.run("mission", "provider", "test", "--provider", "docker");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.out()).contains("✗ create a container from ghcr.io/acme/orbitdock:1")
                .contains("Cannot reach the Docker Engine");
    }
}
