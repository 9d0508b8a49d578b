package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkspaceRoutesTest extends RunningServerTest {
    private String token;

    @BeforeEach
    void setUp() {
        token = test.apiToken();
    }

    @Test
    void registerListShowAndDestroyAWorkspaceWhoseTokenThenStopsWorking() {
        HttpResponse<String> created = test.send("POST", "/api/workspaces", token,
                "{\"provider\":\"ssh\",\"mission_issue_id\":\"od-i1\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode registered = TestServer.json(created);
        String id = registered.get("workspace_id").asText();
        String workspaceToken = registered.get("token").asText();
        assertThat(registered.get("generation").asLong()).isEqualTo(1);
        assertThat(registered.get("session_id").asText()).startsWith("od-");

        JsonNode list = TestServer.json(test.get("/api/workspaces", token)).get("workspaces");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("provider").asText()).isEqualTo("ssh");
        assertThat(list.get(0).get("sync").get("acked_through").asLong()).isZero();
        assertThat(list.get(0).has("token")).isFalse();
        assertThat(TestServer.json(test.get("/api/workspaces/" + id, token)).get("mission_issue_id").asText())
                .isEqualTo("od-i1");
        // Its token opens /api/sync and nothing else.
        assertThat(test.send("POST", "/api/sync", workspaceToken, "{\"commands\":[]}").statusCode()).isEqualTo(200);
        assertThat(test.get("/api/workspaces", workspaceToken).statusCode()).isEqualTo(403);

        JsonNode destroyed = TestServer.json(test.send("DELETE", "/api/workspaces/" + id, token, null));
        assertThat(destroyed.get("status").asText()).isEqualTo("destroyed");
        HttpResponse<String> refused = test.send("POST", "/api/sync", workspaceToken, "{\"commands\":[]}");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(TestServer.json(refused).get("code").asText()).isEqualTo("invalid_workspace_token");
        assertThat(TestServer.json(test.get("/api/workspaces", token)).get("workspaces")).isEmpty();
        assertThat(TestServer.json(test.get("/api/workspaces?all=true", token)).get("workspaces")).hasSize(1);
    }

    @Test
    void aHeartbeatRecordsTheWorkspacesBacklogAndAnUnknownIdIs404() {
        JsonNode registered = TestServer.json(test.send("POST", "/api/workspaces", token, "{\"provider\":\"ssh\"}"));
        String id = registered.get("workspace_id").asText();

        test.send("POST", "/api/sync", registered.get("token").asText(), "{\"commands\":[],\"outbox_depth\":42}");

        JsonNode sync = TestServer.json(test.get("/api/workspaces/" + id, token)).get("sync");
        assertThat(sync.get("outbox_depth").asLong()).isEqualTo(42);
        assertThat(sync.get("last_heartbeat_at").asText()).isNotBlank();
        HttpResponse<String> missing = test.get("/api/workspaces/od-nope", token);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(missing).get("code").asText()).isEqualTo("workspace_not_found");
        assertThat(test.send("POST", "/api/workspaces", token, "{}").statusCode()).isEqualTo(400);
    }
}
