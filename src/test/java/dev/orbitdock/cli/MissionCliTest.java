package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MissionCliTest {
    @TempDir
    Path dir;

    private Path repo(String missionMd) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("MISSION.md"), missionMd);
        return repo;
    }

    @Test
    void addListShowPauseResumeTrigger() throws Exception {
        Path repo = repo("---\nname: shop\nagent: {kind: command, command: {run: 'true'}}\n---\nDo {{ issue.title }}\n");
        CliRunner cli = new CliRunner(dir.resolve("data"));

        var added = cli.run("mission", "add", repo.toString());
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).startsWith("mission shop (od-");

        assertThat(cli.run("mission", "list").out()).contains("shop").contains("active");
        assertThat(cli.run("mission", "pause", "shop").out()).isEqualTo("paused shop\n");
        assertThat(cli.run("mission", "show", "shop").out()).contains("[paused]").contains("no issues yet");
        assertThat(cli.run("mission", "resume", "shop").exitCode()).isZero();
        assertThat(cli.run("mission", "trigger", "shop").out()).startsWith("triggered shop");

        JsonNode json = Json.mapper().readTree(cli.run("mission", "show", "shop", "--json").out());
        assertThat(json.get("mission").get("paused").asBoolean()).isFalse();
        assertThat(json.get("issues")).isEmpty();
    }

    @Test
    void aMalformedMissionFileIsRegisteredWithItsProblemsShown() throws Exception {
        Path repo = repo("---\norchestration:\n  max_retries: many\n---\nhi\n");
        CliRunner cli = new CliRunner(dir.resolve("data"));

        var added = cli.run("mission", "add", repo.toString());

        assertThat(added.exitCode()).isEqualTo(1);
        assertThat(added.err()).contains("MISSION.md:3:16:").contains("max_retries");
        assertThat(cli.run("mission", "show", "repo").out()).contains("MISSION.md has problems").contains("MISSION.md:3:16:");
        assertThat(cli.run("mission", "list").out()).contains("invalid MISSION.md");
    }

    @Test
    void missingRepoMissionAndIssueAreExplained() throws Exception {
        CliRunner cli = new CliRunner(dir.resolve("data"));
        Files.createDirectories(dir.resolve("empty"));

        assertThat(cli.run("mission", "add", dir.resolve("empty").toString()).err())
                .startsWith("error: No MISSION.md in ");
        assertThat(cli.run("mission", "show", "nope").err()).startsWith("error: No mission 'nope'");
        assertThat(cli.run("mission", "retry", "od-nope").err()).startsWith("error: No mission issue 'od-nope'");
    }
}
