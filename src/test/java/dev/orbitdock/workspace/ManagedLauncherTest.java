package dev.orbitdock.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedLauncherTest {
    @TempDir
    Path dir;

    @Test
    void theScriptReadsAndDeletesTheEnvFileAndKeepsSecretsOffTheCommandLine() throws Exception {
        var paths = ManagedLauncher.Paths.under(dir.toString());
        Files.createDirectories(dir.resolve("run"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ORBITDOCK_SYNC_TOKEN", "odtk_x_it's $secret");
        env.put("ANTHROPIC_API_KEY", "sk-ant-`whoami`");
        Files.writeString(Path.of(paths.env()), ManagedLauncher.envFile(env));
        // A stand-in for orbitdock that prints its arguments and the two variables, and exits 7.
        Path fake = Files.writeString(dir.resolve("fake-orbitdock"),
                "#!/bin/sh\necho \"args: $*\"\necho \"token: $ORBITDOCK_SYNC_TOKEN\"\necho \"key: $ANTHROPIC_API_KEY\"\nexit 7\n");
        fake.toFile().setExecutable(true);

        String script = new ManagedLauncher(fake.toString()).script(
                new ManagedLauncher.Start("od-w1", "od-s1", "od-i 1", "command"), paths);
        Process sh = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes());

        assertThat(sh.waitFor()).isZero();
        assertThat(out).contains("token: odtk_x_it's $secret").contains("key: sk-ant-`whoami`")
                .contains("--workspace-id od-w1 --session-id od-s1 --provider command")
                .contains("--mission-issue-id od-i 1");
        assertThat(out.lines().filter(l -> l.startsWith("args:")).findFirst().orElseThrow())
                .doesNotContain("odtk_").doesNotContain("sk-ant");
        assertThat(Path.of(paths.env())).doesNotExist();
        assertThat(Files.readString(Path.of(paths.exitStatus())).strip()).isEqualTo("7");
        assertThat(script).doesNotContain("odtk_");
    }

    @Test
    void envFileNamesMustBeVariableNames() {
        assertThatThrownBy(() -> ManagedLauncher.envFile(Map.of("A;rm -rf", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
    }
}
