package dev.orbitdock.http;

import static dev.orbitdock.http.ErrorResponsesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.WorkspaceCommand;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The dashboard's files at {@code /} beside an API that still wants its token, and the workspace read it uses. */
class DashboardRoutesTest extends RunningServerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void servesTheAppWithoutATokenWhileTheApiStillWantsOne() {
        test.apiToken();

        HttpResponse<String> index = test.get("/", null);
        HttpResponse<String> module = test.get("/js/app.js", null);

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("text/html"));
        assertThat(index.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(index.body()).contains("<script type=\"module\" src=\"/js/app.js\">").contains("<main");
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(test.get("/api/server", null).statusCode()).isEqualTo(401);
        assertThat(test.get("/no-such-file.js", null).statusCode()).isEqualTo(404);
    }

    @Test
    void showsAWorkspaceWithoutItsTokenOrRawConnectionInfo() {
        String token = test.apiToken();
        test.writer.write(new WorkspaceCommand.Create("od-w1", "od-i1", "od-s1", "local", null, "mission/t-1",
                "creating", "secret-token-row", T0));
        test.writer.write(new WorkspaceCommand.Update("od-w1", Patch.set("ext-9"), Patch.set("running"),
                Patch.set(TestServer.JSON.createObjectNode().put("path", "/tmp/wt").put("pid", 42)), Patch.absent(),
                Patch.absent(), Patch.absent(), Patch.absent(), Patch.set(T0.plusSeconds(5)), Patch.absent()));

        HttpResponse<String> response = test.get("/api/workspaces/od-w1", token);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode workspace = TestServer.json(response);
        assertThat(workspace.get("provider").asText()).isEqualTo("local");
        assertThat(workspace.get("status").asText()).isEqualTo("running");
        assertThat(workspace.get("external_id").asText()).isEqualTo("ext-9");
        assertThat(workspace.get("branch").asText()).isEqualTo("mission/t-1");
        assertThat(workspace.get("path").asText()).isEqualTo("/tmp/wt");
        assertThat(workspace.get("ready_at").asText()).isEqualTo("2026-11-25T10:00:05Z");
        assertThat(response.body()).doesNotContain("secret-token-row").doesNotContain("pid");
        JsonNode listed = TestServer.json(test.get("/api/workspaces", token)).get("workspaces");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo("od-w1");
        assertThat(listed.get(0).get("sync").get("acked_through").asLong()).isZero();
        HttpResponse<String> missing = test.get("/api/workspaces/od-nope", token);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertError(missing, "workspace_not_found");
    }
}
