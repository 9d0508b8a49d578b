package dev.orbitdock.http;

import static dev.orbitdock.http.ErrorResponsesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.mission.MissionRecord;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.store.MissionIssueCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MissionRoutesTest extends RunningServerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    String token;
    MissionRecord mission;

    @BeforeEach
    void setUp() throws Exception {
        token = test.apiToken();
        Path repo = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(repo.resolve("MISSION.md"), "---\nagent: {kind: command, command: {run: 'true'}}\n---\nGo\n");
        mission = test.missions.add(repo);
        test.writer.write(new MissionIssueCommand.Create("od-i1", mission.id(), "T-1", "T-1", "Fix it", null, 1, T0,
                "failed", T0));
        test.writer.write(new MissionIssueCommand.Create("od-i2", mission.id(), "T-2", "T-2", "Build it", null, 0, T0,
                "running", T0));
    }

    @Test
    void listsMissionsWithIssueCounts() {
        JsonNode missions = TestServer.json(test.get("/api/missions", token)).get("missions");

        assertThat(missions).hasSize(1);
        assertThat(missions.get(0).get("name").asText()).isEqualTo("shop");
        assertThat(missions.get(0).get("issues").get("failed").asInt()).isEqualTo(1);
    }

    @Test
    void showsIssuesWithTheirAllowedTransitions() {
        JsonNode body = TestServer.json(test.get("/api/missions/" + mission.id(), token));

        JsonNode failed = body.get("issues").get(0);
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("allowed_transitions")).extracting(JsonNode::asText).containsExactly("queued");
        assertThat(body.get("issues").get(1).get("allowed_transitions")).isEmpty();
    }

    @Test
    void movesIssuesByHandOnlyAsTheTableAllows() {
        var retried = test.send("POST", "/api/missions/" + mission.id() + "/issues/od-i1/retry", token, null);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(retried).get("state").asText()).isEqualTo("queued");

        var refused = test.send("POST", "/api/missions/shop/issues/od-i2/transition", token, "{\"to\":\"blocked\"}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertError(refused, "invalid_transition");

        var unknown = test.send("POST", "/api/missions/shop/issues/od-i1/transition", token, "{\"to\":\"flying\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(test.missions.issue("od-i2").orElseThrow().state()).isEqualTo(OrchestrationState.RUNNING);
    }

    @Test
    void pausesResumesAndTriggers() {
        assertThat(TestServer.json(test.send("POST", "/api/missions/shop/pause", token, null)).get("paused")
                .asBoolean()).isTrue();
        assertThat(TestServer.json(test.send("POST", "/api/missions/shop/resume", token, null)).get("paused")
                .asBoolean()).isFalse();
        assertThat(test.send("POST", "/api/missions/shop/trigger", token, null).statusCode()).isEqualTo(200);
        assertThat(test.missions.require("shop").triggerPending()).isTrue();
    }

    @Test
    void unknownMissionsAndIssuesAre404AndTheTableIsPublished() {
        assertError(test.get("/api/missions/nope", token), "mission_not_found");
        assertError(test.get("/api/missions/shop/issues/od-zz", token), "issue_not_found");
        JsonNode table = TestServer.json(test.get("/api/transitions", token));
        assertThat(table.get("manual").get("blocked")).extracting(JsonNode::asText).containsExactly("queued");
        assertThat(table.get("automatic").get("running")).extracting(JsonNode::asText)
                .contains("completed", "failed", "stalled");
    }
}
