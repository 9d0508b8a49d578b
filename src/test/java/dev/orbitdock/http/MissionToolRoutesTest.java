package dev.orbitdock.http;

import static dev.orbitdock.http.ErrorResponsesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.store.MissionIssueCommand;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mission tools REST routes against a mission whose tracker is local files: what the tracker then holds. */
class MissionToolRoutesTest extends MissionToolsServerTest {
    @BeforeEach
    void addAnotherIssue() {
        test.writer.write(new MissionIssueCommand.Create("od-i2", missionId, "T-2", "T-2", "Other", null, 1, T0,
                "running", T0));
    }

    @Test
    void getIssueReadsTheTrackerAndOrbitDocksView() {
        JsonNode issue = TestServer.json(test.get("/api/mission-tools/issue", token));

        assertThat(issue.get("identifier").asText()).isEqualTo("T-1");
        assertThat(issue.get("description").asText()).contains("It drops items.");
        assertThat(issue.get("state").asText()).isEqualTo("In Progress");
        assertThat(issue.get("orbitdock").get("state").asText()).isEqualTo("running");
    }

    @Test
    void commentsAndStatusGoToTheTracker() throws IOException {
        assertThat(test.send("POST", "/api/mission-tools/comments", token, "{\"body\":\"## Workpad\\n- [x] read\"}")
                .statusCode()).isEqualTo(201);
        assertThat(test.send("POST", "/api/mission-tools/status", token, "{\"state\":\"In Review\"}").statusCode())
                .isEqualTo(200);

        assertThat(Files.readString(issues.resolve(".comments/T-1.md"))).contains("## Workpad\n- [x] read");
        assertThat(Files.readString(issues.resolve("T-1.md"))).contains("state: In Review");
    }

    @Test
    void theWorkpadIsPostedOnceThenEditedInPlace() throws IOException {
        test.send("POST", "/api/mission-tools/comments", token, "{\"body\":\"Picked this up.\"}");

        var created = test.send("PUT", "/api/mission-tools/workpad", token, "{\"body\":\"- [ ] reproduce\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(TestServer.json(created).get("id").asText()).isEqualTo("2");
        assertThat(TestServer.json(created).get("body").asText()).isEqualTo("## Workpad\n\n- [ ] reproduce");

        var edited = test.send("PUT", "/api/mission-tools/workpad", token,
                "{\"body\":\"## Workpad\\n- [x] reproduce\\n- [ ] fix\"}");
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(edited).get("created").asBoolean()).isFalse();
        assertThat(TestServer.json(edited).get("id").asText()).isEqualTo("2");

        JsonNode comments = TestServer.json(test.get("/api/mission-tools/comments", token)).get("comments");
        assertThat(comments).hasSize(2);
        assertThat(comments.get(0).get("body").asText()).isEqualTo("Picked this up.");
        assertThat(comments.get(1).get("body").asText()).isEqualTo("## Workpad\n- [x] reproduce\n- [ ] fix");
        assertThat(Files.readString(issues.resolve(".comments/T-1.md"))).containsOnlyOnce("## Workpad");
    }

    @Test
    void aCommentIsEditedByIdButOnlyOnItsOwnIssue() throws IOException {
        Files.writeString(issues.resolve("T-2.md"), "---\ntitle: Other\n---\n");
        Files.createDirectories(issues.resolve(".comments"));
        String other = "### 2026-11-25T09:00:00Z\n\nfirst of T-2\n\n### 2026-11-25T09:01:00Z\n\nsecond of T-2\n\n";
        Files.writeString(issues.resolve(".comments/T-2.md"), other);
        String id = TestServer.json(test.send("POST", "/api/mission-tools/comments", token, "{\"body\":\"draft\"}"))
                .get("id").asText();

        var edited = test.send("PATCH", "/api/mission-tools/comments/" + id, token, "{\"body\":\"final\"}");
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(edited).get("body").asText()).isEqualTo("final");

        assertError(test.send("PATCH", "/api/mission-tools/comments/2", token, "{\"body\":\"hijack\"}"),
                "comment_not_found");
        assertError(test.send("PATCH", "/api/mission-tools/comments/" + id, token, "{\"body\":\" \"}"),
                "invalid_argument");
        assertThat(Files.readString(issues.resolve(".comments/T-2.md"))).isEqualTo(other);
        assertThat(Files.readString(issues.resolve(".comments/T-1.md"))).contains("final").doesNotContain("draft");
    }

    @Test
    void linkingAPullRequestStoresItAndTellsTheTracker() throws IOException {
        var linked = test.send("POST", "/api/mission-tools/pull-request", token,
                "{\"url\":\"https://github.com/acme/shop/pull/7\"}");

        assertThat(TestServer.json(linked).get("pr_url").asText()).isEqualTo("https://github.com/acme/shop/pull/7");
        assertThat(test.missions.issue("od-i1").orElseThrow().prUrl()).isEqualTo("https://github.com/acme/shop/pull/7");
        assertThat(Files.readString(issues.resolve(".links/T-1.md"))).contains("(https://github.com/acme/shop/pull/7)");
        assertThat(Files.readString(issues.resolve(".comments/T-1.md"))).contains("pull/7");
        assertError(test.send("POST", "/api/mission-tools/pull-request", token, "{\"url\":\"file:///etc/passwd\"}"),
                "invalid_argument");
    }

    @Test
    void aFollowUpIsFiledUnderTheIssue() {
        JsonNode created = TestServer.json(test.send("POST", "/api/mission-tools/follow-ups", token,
                "{\"title\":\"Cache the cart\",\"description\":\"Later.\"}"));

        assertThat(created.get("title").asText()).isEqualTo("Cache the cart");
        assertThat(Files.exists(issues.resolve(created.get("id").asText() + ".md"))).isTrue();
    }

    @Test
    void reportingBlockedMovesTheIssueOnceWithTheReason() throws IOException {
        JsonNode blocked = TestServer.json(test.send("POST", "/api/mission-tools/blocked", token,
                "{\"reason\":\"needs the payment API key\"}"));

        assertThat(blocked.get("state").asText()).isEqualTo("blocked");
        assertThat(test.missions.issue("od-i1").orElseThrow().lastError()).isEqualTo("needs the payment API key");
        assertThat(Files.readString(issues.resolve(".comments/T-1.md"))).contains("needs the payment API key");
        assertError(test.send("POST", "/api/mission-tools/blocked", token, "{\"reason\":\"again\"}"),
                "issue_not_running");
        assertThat(test.missions.issue("od-i2").orElseThrow().state()).isEqualTo(OrchestrationState.RUNNING);
    }

    @Test
    void badArgumentsAre400AndNothingChanges() {
        assertError(test.send("POST", "/api/mission-tools/comments", token, "{\"body\":\"  \"}"), "invalid_argument");
        assertError(test.send("POST", "/api/mission-tools/status", token, "{}"), "invalid_argument");
        assertThat(Files.exists(issues.resolve(".comments/T-1.md"))).isFalse();
    }

    @Test
    void onlyAnIssueTokenReachesTheToolsAndItReachesNothingElse() {
        String api = test.apiToken();
        var withApiToken = test.get("/api/mission-tools/issue", api);
        assertThat(withApiToken.statusCode()).isEqualTo(403);
        assertError(withApiToken, "forbidden_scope");

        var elsewhere = test.get("/api/missions", token);
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(test.get("/api/mission-tools/issue", null).statusCode()).isEqualTo(401);

        test.tokens.revoke(test.tokens.list().stream().filter(t -> t.scope() instanceof TokenScope.Issue)
                .findFirst().orElseThrow().id());
        assertError(test.get("/api/mission-tools/issue", token), "invalid_token");
    }
}
