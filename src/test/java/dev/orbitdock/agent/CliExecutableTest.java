package dev.orbitdock.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version check before a CLI agent starts, against fake CLIs that print a version and count their calls. */
class CliExecutableTest {
    private static final CliExecutable.Requirement CLAUDE = new CliExecutable.Requirement("claude",
            "npm install -g @anthropic-ai/claude-code", CliVersion.of(ClaudeAgent.MINIMUM_VERSION));

    @TempDir
    Path dir;

    @Test
    void anOldClaudeFailsTheStartNamingFoundAndRequiredVersionsAndHowToInstall() throws Exception {
        Path fake = fakeCli("claude", "1.0.128 (Claude Code)");
        try (TestStore store = TestStore.open(dir)) {
            ClaudeAgent agent = new ClaudeAgent(new SessionRecorder(store.writer(), IdGenerator.random(),
                    Clock.systemUTC()), ProcessOptions.DEFAULTS, AgentEnvironment.NONE);
            Path prompt = Files.writeString(dir.resolve("prompt.md"), "hello");

            assertThatThrownBy(() -> agent.start(new AgentLaunch("claude", "s1", null, null, dir, prompt, Map.of(),
                    JsonNodeFactory.instance.objectNode().put("executable", fake.toString()))))
                    .isInstanceOf(AgentStartException.class)
                    .hasMessage("claude CLI 1.0.128 at " + fake + " is too old: OrbitDock needs 2.0.0 or later;"
                            + " install with `npm install -g @anthropic-ai/claude-code`");
            assertThat(store.count("SELECT count(*) FROM sessions")).isZero();
        }
    }

    @Test
    void aSupportedVersionIsAskedOnceWhileTheFileIsUnchanged() throws Exception {
        Path fake = fakeCli("claude", "2.1.332 (Claude Code)");

        assertThat(resolve(fake)).isEqualTo(fake.toString());
        assertThat(resolve(fake)).isEqualTo(fake.toString());
        assertThat(calls()).isEqualTo(1);

        fakeCli("claude", "1.9.9 (Claude Code, reinstalled)"); // an install in place: another mtime and size
        assertThatThrownBy(() -> resolve(fake)).hasMessageStartingWith("claude CLI 1.9.9 at");
        assertThat(calls()).isEqualTo(2);
    }

    @Test
    void aBareNameIsFoundOnTheAgentsPathAndChecked() throws Exception {
        Path fake = fakeCli("claude", "codex-cli 0.1.0");

        assertThatThrownBy(() -> CliExecutable.resolve("claude", dir, List.of(Map.of("PATH", dir.toString())),
                CLAUDE)).hasMessageStartingWith("claude CLI 0.1.0 at " + fake + " is too old");
    }

    @Test
    void unreadableOrFailingVersionOutputIsAClearError() throws Exception {
        Path fake = fakeCli("claude", "no version here");
        assertThatThrownBy(() -> resolve(fake)).isInstanceOf(AgentStartException.class)
                .hasMessage("cannot tell the version of the claude CLI at " + fake + ": `--version` printed 'no"
                        + " version here'; OrbitDock needs 2.0.0 or later; install with"
                        + " `npm install -g @anthropic-ai/claude-code`");

        Path broken = write("broken", "#!/bin/sh\necho 'node: not found' >&2\nexit 127\n");
        assertThatThrownBy(() -> resolve(broken)).isInstanceOf(AgentStartException.class)
                .hasMessage("cannot run `" + broken + " --version`: exit 127: node: not found");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(CliVersion.of("2.10.0")).isGreaterThan(CliVersion.of("2.9.99"));
        assertThat(CliVersion.find("codex-cli 0.169.0")).contains(new CliVersion(0, 169, 0));
        assertThat(CliVersion.find("v3.2 beta")).contains(new CliVersion(3, 2, 0));
        assertThat(CliVersion.find("1.2.3.4.5")).contains(new CliVersion(1, 2, 3));
    }

    private String resolve(Path executable) {
        return CliExecutable.resolve(executable.toString(), dir, List.of(), CLAUDE);
    }

    /** A CLI that prints {@code version} and appends a line to {@code calls} each time it runs. */
    private Path fakeCli(String name, String version) throws Exception {
        return write(name, "#!/bin/sh\necho x >> '" + dir.resolve("calls") + "'\necho '" + version + "'\n");
    }

    private Path write(String name, String script) throws Exception {
        Path file = dir.resolve(name);
        Path temp = Files.writeString(dir.resolve(name + ".new"), script);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private long calls() throws Exception {
        return Files.readAllLines(dir.resolve("calls")).size();
    }
}
