package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.common.Patch;
import dev.orbitdock.store.WorkspaceCommand;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The workspaces page in a real Chromium: a red badge for a remote workspace whose heartbeats stopped. */
class WorkspacesPageIT extends ChromiumOnTestServer {
    @Test
    void aRemoteWorkspaceWithoutRecentHeartbeatsIsMarked() {
        Instant now = Instant.now();
        remote("od-fresh", now.minusSeconds(3), 42);
        remote("od-silent", now.minusSeconds(600), 7);
        test.writer.write(new WorkspaceCommand.Create("od-local", null, null, "local", null, "mission/x-1", "running",
                null, now));

        open("#/workspaces");
        await().atMost(Duration.ofSeconds(30)).until(() -> chromium.driver.findElements(By.cssSelector("tr[data-workspace]"))
                .size() == 3);

        assertThat(health("od-fresh")).isEqualTo("ok");
        assertThat(health("od-silent")).isEqualTo("error");
        assertThat(health("od-local")).isEqualTo("muted");
        assertThat(chromium.driver.findElement(By.cssSelector("tr[data-workspace='od-fresh']")).getText()).contains("42");
        assertThat(chromium.driver.findElement(By.cssSelector("tr[data-workspace='od-silent'] .badge")).getText())
                .startsWith("heartbeat late by");
        chromium.screenshot("workspaces");
    }

    private void remote(String id, Instant heartbeat, long acked) {
        test.writer.write(new WorkspaceCommand.Create(id, null, null, "daytona", null, "mission/" + id, "creating",
                null, heartbeat));
        test.writer.write(new WorkspaceCommand.Update(id, Patch.set("sandbox-" + id), Patch.set("running"),
                Patch.absent(), Patch.set(acked), Patch.set(1L), Patch.set(heartbeat), Patch.absent(),
                Patch.set(heartbeat), Patch.absent()));
    }

    private String health(String workspace) {
        return chromium.driver.findElement(By.cssSelector("tr[data-workspace='" + workspace + "'] [data-health]"))
                .getAttribute("data-health");
    }
}
