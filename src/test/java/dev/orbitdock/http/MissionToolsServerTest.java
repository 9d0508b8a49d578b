package dev.orbitdock.http;

import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.store.MissionIssueCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;

/**
 * A started server with one mission whose tracker is local files ({@link #issues}), its running issue T-1
 * ({@code od-i1}) and a token scoped to it ({@link #token}): what the mission tools act on.
 */
abstract class MissionToolsServerTest extends RunningServerTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    Path issues;
    String missionId;
    String token;

    @BeforeEach
    final void addMission() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(repo.resolve("MISSION.md"), "---\ntracker: {kind: local, directory: issues}\n"
                + "agent: {kind: command, command: {run: 'true'}}\n---\nGo\n");
        issues = Files.createDirectories(repo.resolve("issues"));
        Files.writeString(issues.resolve("T-1.md"), "---\ntitle: Fix the cart\nstate: In Progress\n---\nIt drops"
                + " items.\n");
        missionId = test.missions.add(repo).id();
        test.writer.write(new MissionIssueCommand.Create("od-i1", missionId, "T-1", "T-1", "Fix the cart", null,
                1, T0, "running", T0));
        token = test.tokens.create("agent", new TokenScope.Issue("od-i1"), null).token();
    }
}
