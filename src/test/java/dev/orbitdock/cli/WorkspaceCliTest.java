package dev.orbitdock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceCliTest {
    @TempDir
    Path dir;

    @Test
    void createPrintsTheTokenOnceAndTheCommandThenListShowAndDestroy() throws Exception {
        CliRunner cli = new CliRunner(dir);

        var created = cli.run("workspace", "create", "--provider", "ssh");
        assertThat(created.exitCode()).isZero();
        assertThat(created.out().strip()).startsWith("odtk_");
        assertThat(created.err()).contains("shown only now").contains("orbitdock start --managed --workspace-id od-")
                .doesNotContain(created.out().strip());
        JsonNode list = Json.mapper().readTree(cli.run("workspace", "list", "--json").out()).get("workspaces");
        String id = list.get(0).get("id").asText();
        assertThat(list.get(0).has("token")).isFalse();

        assertThat(cli.run("workspace", "list").out()).contains(id).contains("ssh").contains("never");
        assertThat(cli.run("workspace", "show", id).out()).contains("acked through").contains("outbox depth");
        assertThat(cli.run("workspace", "destroy", id).out()).isEqualTo("destroyed " + id + " (token revoked)\n");
        assertThat(cli.run("workspace", "list").err()).startsWith("No workspaces");
        assertThat(cli.run("workspace", "show", "od-nope").err()).startsWith("error: No workspace with id 'od-nope'");
    }

    @Test
    void managedStartExplainsWhatIsMissing() {
        CliRunner cli = new CliRunner(dir, Map.of());

        assertThat(cli.run("start", "--managed", "--workspace-id", "od-w").err())
                .startsWith("error: --managed needs --session-id, --sync-url, --provider, --prompt-file");
        assertThat(cli.run("start", "--session-id", "od-s").err())
                .startsWith("error: --session-id only apply with --managed");
        assertThat(cli.run("start", "--managed", "--workspace-id", "w", "--session-id", "s", "--sync-url",
                "ftp://x", "--provider", "command", "--prompt-file", "p").err())
                .startsWith("error: --sync-url 'ftp://x' must be an http:// or https:// URL");
        assertThat(cli.run("start", "--managed", "--workspace-id", "w", "--session-id", "s", "--sync-url",
                "http://127.0.0.1:9", "--provider", "command", "--prompt-file", "p").err())
                .startsWith("error: Managed mode needs the workspace token in $ORBITDOCK_SYNC_TOKEN");
    }
}
