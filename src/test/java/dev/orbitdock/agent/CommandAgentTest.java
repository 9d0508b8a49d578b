package dev.orbitdock.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.Json;
import dev.orbitdock.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandAgentTest {
    @TempDir
    Path dir;

    private TestStore store;
    private CommandAgent agent;
    private Path workdir;
    private Path prompt;

    @BeforeEach
    void open() throws Exception {
        store = TestStore.open(dir);
        agent = agent(new ProcessOptions(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        workdir = Files.createDirectories(dir.resolve("work"));
        prompt = Files.writeString(dir.resolve("prompt.md"), "Fix issue ABC-1\n");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void recordsStdoutStderrAndJsonEventsInOrderAndEndsTheSession() throws Exception {
        AgentExit exit = run("""
                {"run": "echo one; echo '{\\"type\\":\\"tool\\",\\"name\\":\\"edit\\"}'; echo '[1,2]'; echo two;\
                 echo err1 >&2; echo err2 >&2"}""");

        assertThat(exit).isEqualTo(new AgentExit(0, false, "exited with status 0"));
        assertThat(exit.succeeded()).isTrue();
        List<SessionRows.Row> rows = SessionRows.of(store, "s1");
        assertThat(rows).extracting(SessionRows.Row::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(rows.stream().filter(r -> !r.type().equals("stderr")).map(r -> r.type() + " " + r.payload()))
                .containsExactly("output {\"text\":\"one\"}", "event {\"type\":\"tool\",\"name\":\"edit\"}",
                        "output {\"text\":\"[1,2]\"}", "output {\"text\":\"two\"}");
        assertThat(SessionRows.ofType(store, "s1", "stderr")).containsExactly("{\"text\":\"err1\"}",
                "{\"text\":\"err2\"}");
        assertThat(store.string("SELECT status || ' ' || provider || ' ' || end_reason FROM sessions WHERE id = 's1'"))
                .isEqualTo("ended command exited with status 0");
        assertThat(store.string("SELECT last_progress_at FROM sessions WHERE id = 's1'")).isNotNull();
    }

    @Test
    void reportsTheExitStatus() throws Exception {
        AgentExit exit = run("{\"run\": \"echo failing >&2; exit 3\"}");

        assertThat(exit).isEqualTo(new AgentExit(3, false, "exited with status 3"));
        assertThat(exit.succeeded()).isFalse();
        assertThat(store.string("SELECT end_reason FROM sessions WHERE id = 's1'")).isEqualTo("exited with status 3");
    }

    @Test
    void theScriptSeesEnvironmentPromptFileWorkdirAndAClosedStdin() throws Exception {
        Files.writeString(workdir.resolve("marker.txt"), "in workdir");
        AgentLaunch launch = launch("s1", """
                {"run": "printf '%s\\\\n' \\"$ORBITDOCK_SESSION_ID\\" \\"$ORBITDOCK_WORKSPACE_ID\\"\
                 \\"$ORBITDOCK_MISSION_ISSUE_ID\\" \\"$ORBITDOCK_PROMPT_FILE\\" \\"$1\\" \\"$FROM_LAUNCH\\"\
                 \\"$FROM_SETTINGS\\"; cat \\"$1\\"; cat marker.txt; echo; if read line; then echo \\"stdin: $line\\";\
                 else echo stdin closed; fi",
                 "env": {"FROM_SETTINGS": "settings value", "ORBITDOCK_SESSION_ID": "spoofed"}}""",
                Map.of("FROM_LAUNCH", "launch value"));

        AgentExit exit = agent.start(launch).exit().get(30, TimeUnit.SECONDS);

        assertThat(exit.succeeded()).isTrue();
        assertThat(SessionRows.ofType(store, "s1", "output")).containsExactly(text("s1"), text("ws-1"),
                text("mi-1"), text(prompt.toString()), text(prompt.toString()), text("launch value"),
                text("settings value"), text("Fix issue ABC-1"), text("in workdir"), text("stdin closed"));
    }

    @Test
    void anArgvArrayGetsThePromptFileAsItsLastArgument() throws Exception {
        Path script = dir.resolve("agent.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$#|$1|$2\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        AgentExit exit = run("{\"run\": [\"" + script + "\", \"first arg\"]}");

        assertThat(exit.succeeded()).isTrue();
        assertThat(SessionRows.ofType(store, "s1", "output")).containsExactly(text("2|first arg|" + prompt));
    }

    @Test
    void everyLineIsCommittedWhenTheExitCompletes() throws Exception {
        AgentExit exit = run("{\"run\": \"seq 1 3000\"}");

        assertThat(exit.succeeded()).isTrue();
        assertThat(store.count("SELECT count(*) FROM conversation_rows WHERE session_id = 's1'")).isEqualTo(3000);
        assertThat(store.string("SELECT payload FROM conversation_rows WHERE session_id = 's1' AND sequence = 3000"))
                .isEqualTo(text("3000"));
    }

    @Test
    void theTimeoutKillsTheRun() throws Exception {
        AgentExit exit = run("{\"run\": \"echo started; sleep 60\", \"timeout\": \"300ms\"}");

        assertThat(exit.killed()).isTrue();
        assertThat(exit.reason()).isEqualTo("timed out after 300ms");
        assertThat(store.string("SELECT end_reason FROM sessions WHERE id = 's1'")).isEqualTo("timed out after 300ms");
        assertThat(SessionRows.ofType(store, "s1", "output")).containsExactly(text("started"));
    }

    @Test
    void killEndsTheWholeProcessTree() throws Exception {
        // `wait` keeps sh as the parent of both sleeps (a shell may exec a last simple command in its place).
        AgentHandle handle = agent.start(launch("s1", "{\"run\": \"sleep 1000 & sleep 1000 & wait\"}", Map.of()));
        ProcessHandle root = ProcessHandle.of(handle.pid()).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> root.descendants().count() == 2);
        List<ProcessHandle> sleeps = root.descendants().toList();

        handle.kill();
        AgentExit exit = handle.exit().get(30, TimeUnit.SECONDS);

        assertThat(exit.killed()).isTrue();
        assertThat(exit.reason()).isEqualTo("killed");
        await().atMost(Duration.ofSeconds(10)).until(() -> sleeps.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(store.string("SELECT end_reason FROM sessions WHERE id = 's1'")).isEqualTo("killed");
    }

    @Test
    void killEscalatesToSigkillWhenTermIsIgnored() throws Exception {
        agent = agent(new ProcessOptions(Duration.ofMillis(300), Duration.ofSeconds(2)));
        AgentHandle handle = agent.start(launch("s1", "{\"run\": \"trap '' TERM; echo ready; sleep 1000\"}",
                Map.of()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> SessionRows.ofType(store, "s1", "output").contains(text("ready")));

        handle.kill();
        AgentExit exit = handle.exit().get(30, TimeUnit.SECONDS);

        assertThat(exit.killed()).isTrue();
        assertThat(exit.exitCode()).isEqualTo(137); // 128 + SIGKILL
    }

    @Test
    void aBackgroundProcessHoldingTheOutputDoesNotBlockTheExit() throws Exception {
        agent = agent(new ProcessOptions(Duration.ofSeconds(2), Duration.ofMillis(500)));
        AgentHandle handle = agent.start(launch("s1", "{\"run\": \"sleep 60 & echo $! > bg.pid; echo done\"}",
                Map.of()));
        try {
            AgentExit exit = handle.exit().get(30, TimeUnit.SECONDS);

            assertThat(exit).isEqualTo(new AgentExit(0, false, "exited with status 0"));
            assertThat(store.string("SELECT status FROM sessions WHERE id = 's1'")).isEqualTo("ended");
        } finally {
            long background = Long.parseLong(Files.readString(workdir.resolve("bg.pid")).strip());
            ProcessHandle.of(background).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aMissingExecutableFailsToStartWithTheOsCauseAndRecordsNoSession() {
        assertThatThrownBy(() -> agent.start(launch("s1", "{\"run\": [\"/nonexistent/agent-binary\"]}", Map.of())))
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("/nonexistent/agent-binary")
                .hasMessageContaining("No such file or directory")
                .hasCauseInstanceOf(java.io.IOException.class);
        assertThat(store.count("SELECT count(*) FROM sessions")).isZero();
    }

    @Test
    void badSettingsFailToStart() {
        assertThatThrownBy(() -> agent.start(launch("s1", "{}", Map.of())))
                .isInstanceOf(AgentStartException.class).hasMessage("agent.command.run is not set");
        assertThatThrownBy(() -> agent.start(launch("s1", "{\"run\": \"true\", \"timeout\": \"soon\"}", Map.of())))
                .isInstanceOf(AgentStartException.class).hasMessageContaining("agent.command.timeout")
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> agent.start(launch("s1", "{\"run\": \"true\", \"env\": [\"A=1\"]}", Map.of())))
                .isInstanceOf(AgentStartException.class).hasMessageContaining("agent.command.env");
    }

    private CommandAgent agent(ProcessOptions options) {
        return new CommandAgent(new SessionRecorder(store.writer(), IdGenerator.sequential("row"), Clock.systemUTC()),
                options);
    }

    private AgentExit run(String settings) throws Exception {
        return agent.start(launch("s1", settings, Map.of())).exit().get(30, TimeUnit.SECONDS);
    }

    private AgentLaunch launch(String sessionId, String settings, Map<String, String> env) {
        try {
            JsonNode node = Json.mapper().readTree(settings);
            return new AgentLaunch("command", sessionId, "ws-1", "mi-1", workdir, prompt, env, node);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(settings, e);
        }
    }

    private static String text(String line) {
        return Json.mapper().createObjectNode().put("text", line).toString();
    }
}
