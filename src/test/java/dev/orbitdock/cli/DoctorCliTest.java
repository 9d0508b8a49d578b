package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orbitdock doctor} in-process, with a PATH of fake tools so the outcome does not depend on the machine. */
class DoctorCliTest {
    @TempDir
    Path dir;

    private Path bin(String... tools) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin-" + String.join("-", tools))); // one dir per tool set
        for (String tool : tools) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho \"" + tool + " version 1.2.3\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        return bin;
    }

    private CliRunner cli(Path bin) {
        return new CliRunner(dir.resolve("data"), Map.of("PATH", bin.toString()));
    }

    @Test
    void allGoodPrintsTicksAndExitsZero() throws IOException {
        var result = cli(bin("git", "claude", "codex")).run("doctor");

        assertThat(result.exitCode()).as(result.out()).isZero();
        assertThat(result.out()).contains("✓ JDK " + Runtime.version().feature(), "✓ git: git version 1.2.3",
                "✓ data dir ", "✓ secret.key not created yet", "✓ claude: claude version 1.2.3",
                "✓ codex: codex version 1.2.3").doesNotContain("✗");
    }

    @Test
    void missingAgentClisAreWarningsButMissingGitFails() throws IOException {
        var agentsMissing = cli(bin("git")).run("doctor");
        assertThat(agentsMissing.exitCode()).isZero();
        assertThat(agentsMissing.out()).contains("! claude: not found — needed only for agent: claude",
                "! codex: not found — needed only for agent: codex");

        var gitMissing = cli(bin()).run("doctor");
        assertThat(gitMissing.exitCode()).isEqualTo(1);
        assertThat(gitMissing.out()).contains("✗ git: not found on PATH");
    }

    @Test
    void aRemoteProviderThatCannotProvisionFails() throws IOException {
        CliRunner cli = cli(bin("git", "claude", "codex"));
        cli.run("mission", "provider", "set", "ssh");

        var result = cli.run("doctor");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("✗ ssh provider: ssh settings: ssh_hosts is not set");
    }

    @Test
    void aStoredTrackerKeyIsTriedOnItsService() throws IOException {
        try (var github = dev.orbitdock.tracker.FakeHttpServer.start()) {
            github.enqueue(401, "{\"message\":\"Bad credentials\"}");
            CliRunner cli = new CliRunner(dir.resolve("data"), Map.of("PATH", bin("git", "claude", "codex").toString(),
                    "GITHUB_API_URL", github.uri().toString()));
            cli.runWithStdin("ghp_revoked_token_123\n", "config", "set", "github_token", "--stdin");

            var result = cli.run("doctor");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.out()).contains("✗ github_token is refused: HTTP 401: Bad credentials");
            assertThat(github.takeRequest().header("Authorization")).isEqualTo("Bearer ghp_revoked_token_123");
        }
    }

    @Test
    void secretKeyModeAndDecryptionAreChecked() throws IOException {
        Path bin = bin("git");
        CliRunner cli = cli(bin);
        assertThat(cli.runWithStdin("sk-openai-abcdefghijklmnop", "config", "set", "openai_api_key", "--stdin")
                .exitCode()).isZero();

        assertThat(cli.run("doctor").out()).contains("✓ secret.key is 0600 and opens 1 stored secret(s)");

        Path key = dir.resolve("data/secret.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        var loose = cli.run("doctor");
        assertThat(loose.exitCode()).isEqualTo(1);
        assertThat(loose.out()).contains("✗ secret.key has mode rw-r--r--; run: chmod 600 ");

        Files.delete(key);
        Files.writeString(key, java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        var wrongKey = cli.run("doctor");
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("✗ Cannot decrypt openai_api_key");

        Files.delete(key);
        var lostKey = cli.run("doctor");
        assertThat(lostKey.exitCode()).isEqualTo(1);
        assertThat(lostKey.out()).contains("secret.key is missing, but 1 stored secret(s) were encrypted with it");
        assertThat(key).doesNotExist();
    }

    @Test
    void aMissionWhoseMissionMdDoesNotParseFails() throws IOException {
        Path bin = bin("git");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("MISSION.md"), "---\ntracker: [unclosed\n---\nbody\n");
        CliRunner cli = cli(bin);
        var added = cli.run("mission", "add", repo.toString());

        var result = cli.run("doctor");

        assertThat(result.exitCode()).as(added.err() + result.out()).isEqualTo(1);
        assertThat(result.out()).containsPattern("✗ mission \\S+: MISSION.md has problems: .+");
    }

    @Test
    void anUnwritableDataDirFails() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        var result = new CliRunner(file.resolve("sub"), Map.of("PATH", bin("git").toString())).run("doctor");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("✗ Cannot use data dir");
    }
}
