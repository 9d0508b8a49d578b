package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainCliTest {
    @TempDir
    Path dir;

    @Test
    void helpListsTheCommands() {
        var help = new CliRunner(dir).run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("start", "config", "token", "completion", "--data-dir");
    }

    @Test
    void versionPrintsTheBuild() {
        var version = new CliRunner(dir).run("--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("orbitdock ");
    }

    @Test
    void completionScriptIsGenerated() {
        var completion = new CliRunner(dir).run("completion");

        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("orbitdock");
    }

    @Test
    void unknownCommandsAndNoCommandAreUsageErrors() {
        assertThat(new CliRunner(dir).run("frobnicate").exitCode()).isEqualTo(2);
        var none = new CliRunner(dir).run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Missing command");
    }
}
