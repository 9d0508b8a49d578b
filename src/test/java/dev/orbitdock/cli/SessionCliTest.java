package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.app.Services;
import dev.orbitdock.common.Json;
import dev.orbitdock.config.DataDir;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.SessionCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCliTest {
    private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void listShowAndTailASessionsRows() throws Exception {
        try (Services services = services()) {
            services.writer().write(new SessionCommand.Create("s1", "claude", "working", null, null, "/w",
                    "claude-sonnet-4-5", AT));
            row(services, "r1", "user_prompt", "{\"text\":\"Fix the bug\\nplease\"}");
            row(services, "r2", "tool_call", "{\"id\":\"t1\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}}");
            row(services, "r3", "tool_result", "{\"tool_call_id\":\"t1\",\"output\":\"boom\",\"is_error\":true}");
            row(services, "r4", "assistant", "{\"text\":\"Done.\"}");
            services.writer().write(new SessionCommand.End("s1", "exited with status 0", AT.plusSeconds(5)));
        }
        CliRunner cli = new CliRunner(dir);

        assertThat(cli.run("session", "list").out()).contains("s1").contains("claude").contains("ended")
                .contains("claude-sonnet-4-5");
        assertThat(cli.run("session", "show", "s1").out()).contains("(exited with status 0)").contains(
                "#1 user_prompt  Fix the bug ⏎ please\n#2 tool_call  Bash {\"command\":\"ls\"}\n"
                        + "#3 tool_result  error: boom\n#4 assistant  Done.\n");
        assertThat(cli.run("session", "tail", "s1", "-n", "2").out())
                .isEqualTo("#3 tool_result  error: boom\n#4 assistant  Done.\n");
        JsonNode json = Json.mapper().readTree(cli.run("session", "show", "s1", "--json").out());
        assertThat(json.path("session").path("external_session_id").isNull()).isTrue();
        assertThat(json.path("rows")).hasSize(4);
        assertThat(json.path("rows").get(1).path("payload").path("input").path("command").asText()).isEqualTo("ls");
        assertThat(cli.run("session", "show", "nope").err()).contains("no session nope");
    }

    @Test
    void tailFollowPrintsRowsAsTheyArriveUntilTheSessionEnds() throws Exception {
        try (Services services = services()) {
            services.writer().write(new SessionCommand.Create("s1", "codex", "working", null, null, null, null, AT));
            row(services, "r1", "user_prompt", "{\"text\":\"Go\"}");
        }
        CliRunner cli = new CliRunner(dir);
        CompletableFuture<CliRunner.Result> tail = CompletableFuture.supplyAsync(() ->
                cli.run("session", "tail", "s1", "--follow"));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !tail.isDone());

        try (Services services = services()) {
            row(services, "r2", "assistant", "{\"text\":\"Working on it.\"}");
            services.writer().write(new SessionCommand.End("s1", "exited with status 0", AT.plusSeconds(5)));
        }

        assertThat(tail.get(30, TimeUnit.SECONDS).out()).isEqualTo("#1 user_prompt  Go\n#2 assistant  Working on it.\n");
    }

    private Services services() {
        return Services.open(new DataDir(dir), Map.of(), Map.of());
    }

    private static void row(Services services, String id, String type, String payload) throws Exception {
        services.writer().write(new ConversationCommand.Append(id, "s1", null, type, Json.mapper().readTree(payload),
                AT));
    }
}
