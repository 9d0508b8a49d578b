package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCliTest {
    @TempDir
    Path dir;

    @Test
    void createPrintsTheTokenOnceListHidesItRevokeEndsIt() throws Exception {
        CliRunner cli = new CliRunner(dir);

        var created = cli.run("token", "create", "--label", "laptop");
        assertThat(created.exitCode()).isZero();
        String token = created.out().strip();
        assertThat(token).matches("odtk_[0-9a-z]{12}_[0-9a-f]{64}");
        assertThat(created.err()).contains("cannot be shown again");

        String id = token.substring(5, 17);
        var list = cli.run("token", "list");
        assertThat(list.out()).contains(id).contains("laptop").contains("active").doesNotContain(token.substring(18));

        assertThat(cli.run("token", "revoke", id).out()).isEqualTo("revoked " + id + " (laptop)\n");
        JsonNode json = Json.mapper().readTree(cli.run("token", "list", "--json").out());
        assertThat(json.get("tokens").get(0).get("status").asText()).isEqualTo("revoked");
        assertThat(json.get("tokens").get(0).has("token")).isFalse();
    }

    @Test
    void jsonCreateIncludesTheTokenAndExpiry() throws Exception {
        var created = new CliRunner(dir).run("token", "create", "--label", "ci", "--expires", "30d", "--json");

        JsonNode json = Json.mapper().readTree(created.out());
        assertThat(json.get("token").asText()).startsWith("odtk_");
        assertThat(json.get("expires_at").asText()).isNotBlank();
        assertThat(json.get("scope").asText()).isEqualTo("api");
    }

    @Test
    void badInputIsExplained() {
        CliRunner cli = new CliRunner(dir);

        assertThat(cli.run("token", "create", "--label", "x", "--scope", "root").err())
                .startsWith("error: Unknown token scope 'root'");
        assertThat(cli.run("token", "create", "--label", "x", "--expires", "soon").err())
                .startsWith("error: 'soon' is not a lifetime");
        assertThat(cli.run("token", "revoke", "nope").err()).startsWith("error: No token with id 'nope'");
        assertThat(cli.run("token", "create").err()).contains("Missing required option: '--label");
    }
}
