package dev.orbitdock.http;

import static dev.orbitdock.http.ErrorResponsesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.SessionCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionRoutesTest extends RunningServerTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    String token;

    @BeforeEach
    void setUp() {
        token = test.apiToken();
        test.writer.write(new SessionCommand.Create("od-s1", "claude", "running", null, null, "/repo", "opus", T0));
        test.writer.write(new SessionCommand.Create("od-s2", "codex", "running", "od-ws1", "od-mi1", null, null,
                T0.plusSeconds(60)));
        for (int i = 1; i <= 5; i++) {
            test.writer.write(new ConversationCommand.Append("od-r" + i, "od-s1", "turn-1", "message",
                    TestServer.JSON.createObjectNode().put("text", "hello " + i).put("n", i), T0.plusSeconds(i)));
        }
    }

    @Test
    void listsSessionsNewestFirstWithRowCounts() {
        JsonNode sessions = TestServer.json(test.get("/api/sessions", token)).get("sessions");

        assertThat(sessions).hasSize(2);
        JsonNode newest = sessions.get(0);
        assertThat(newest.get("id").asText()).isEqualTo("od-s2");
        assertThat(newest.get("workspace_id").asText()).isEqualTo("od-ws1");
        assertThat(newest.get("mission_issue_id").asText()).isEqualTo("od-mi1");
        assertThat(newest.get("rows").asLong()).isZero();
        JsonNode older = sessions.get(1);
        assertThat(older.get("provider").asText()).isEqualTo("claude");
        assertThat(older.get("status").asText()).isEqualTo("running");
        assertThat(older.get("model").asText()).isEqualTo("opus");
        assertThat(older.get("started_at").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(older.get("ended_at").isNull()).isTrue();
        assertThat(older.get("title").isNull()).isTrue();
        assertThat(older.get("rows").asLong()).isEqualTo(5);
    }

    @Test
    void listsOneMissionIssuesSessions() {
        JsonNode sessions = TestServer.json(test.get("/api/sessions?mission_issue_id=od-mi1", token)).get("sessions");

        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).get("id").asText()).isEqualTo("od-s2");
        assertThat(TestServer.json(test.get("/api/sessions?mission_issue_id=od-none", token)).get("sessions")).isEmpty();
    }

    @Test
    void showsOneSession() {
        test.writer.write(new SessionCommand.End("od-s1", "done", T0.plusSeconds(300)));

        JsonNode session = TestServer.json(test.get("/api/sessions/od-s1", token));

        assertThat(session.get("id").asText()).isEqualTo("od-s1");
        assertThat(session.get("status").asText()).isEqualTo("ended");
        assertThat(session.get("cwd").asText()).isEqualTo("/repo");
        assertThat(session.get("ended_at").asText()).isEqualTo("2026-01-02T03:09:05Z");
        assertThat(session.get("end_reason").asText()).isEqualTo("done");
        assertThat(session.get("rows").asLong()).isEqualTo(5);
    }

    @Test
    void unknownSessionIs404() {
        assertThat(test.get("/api/sessions/od-nope", token).statusCode()).isEqualTo(404);
        assertError(test.get("/api/sessions/od-nope", token), "session_not_found");
        assertError(test.get("/api/sessions/od-nope/rows", token), "session_not_found");
    }

    @Test
    void pagesThroughRowsBySequence() {
        JsonNode first = TestServer.json(test.get("/api/sessions/od-s1/rows?limit=2", token)).get("rows");
        assertThat(sequences(first)).containsExactly(1L, 2L);
        JsonNode row = first.get(0);
        assertThat(row.get("id").asText()).isEqualTo("od-r1");
        assertThat(row.get("turn_id").asText()).isEqualTo("turn-1");
        assertThat(row.get("row_type").asText()).isEqualTo("message");
        assertThat(row.get("payload")).isEqualTo(TestServer.JSON.createObjectNode().put("text", "hello 1").put("n", 1));
        assertThat(row.get("created_at").asText()).isEqualTo("2026-01-02T03:04:06Z");
        assertThat(row.get("updated_at").asText()).isEqualTo("2026-01-02T03:04:06Z");

        JsonNode rest = TestServer.json(test.get("/api/sessions/od-s1/rows?after=2", token)).get("rows");
        assertThat(sequences(rest)).containsExactly(3L, 4L, 5L);
        assertThat(TestServer.json(test.get("/api/sessions/od-s1/rows?after=5", token)).get("rows")).isEmpty();
        assertThat(TestServer.json(test.get("/api/sessions/od-s2/rows", token)).get("rows")).isEmpty();
        assertThat(TestServer.json(test.get("/api/sessions/od-s1/rows?limit=100000", token)).get("rows")).hasSize(5);
    }

    @Test
    void badPagingParametersAre400() {
        for (String query : List.of("after=x", "limit=0", "after=-1", "limit=1.5")) {
            assertError(test.get("/api/sessions/od-s1/rows?" + query, token), "invalid_request");
        }
    }

    private static List<Long> sequences(JsonNode rows) {
        List<Long> sequences = new ArrayList<>();
        rows.forEach(r -> sequences.add(r.get("sequence").asLong()));
        return sequences;
    }
}
