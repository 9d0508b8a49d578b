package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.auth.IssuedToken;
import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.sync.SyncBatch;
import dev.orbitdock.sync.SyncEnvelope;
import dev.orbitdock.workspace.WorkspaceRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The workspaces page in a real Chromium: sync health that follows the {@code workspaces} topic live (no polling),
 * a red badge for a remote workspace whose heartbeats stopped or that lags, and destroying a workspace with a confirm step.
 */
class WorkspacesPageIT extends ChromiumOnTestServer {
    private static final Duration LIVE = Duration.ofSeconds(30);

    @Test
    void aRemoteWorkspaceWithoutRecentHeartbeatsIsMarked() {
        Instant now = Instant.now();
        remote("od-fresh", now.minusSeconds(3), 42);
        remote("od-silent", now.minusSeconds(600), 7);
        test.writer.write(new WorkspaceCommand.Create("od-local", null, null, "local", null, "mission/x-1", "running",
                null, now));

        open("#/workspaces");
        await().atMost(LIVE).until(() -> chromium.driver.findElements(By.cssSelector("tr[data-workspace]"))
                .size() == 3);

        assertThat(health("od-fresh")).isEqualTo("ok");
        assertThat(health("od-silent")).isEqualTo("error");
        assertThat(health("od-local")).isEqualTo("muted");
        assertThat(cell("od-fresh", "acked").getText()).isEqualTo("42");
        assertThat(chromium.driver.findElement(By.cssSelector("tr[data-workspace='od-silent'] .badge")).getText())
                .startsWith("heartbeat late by");
        chromium.screenshot("workspaces");
    }

    @Test
    void syncBatchesAndHeartbeatsShowUpLiveWithoutPolling() {
        WorkspaceRegistry.Registration remote = registeredAndShown();
        String id = remote.workspaceId();
        assertThat(health(id)).isEqualTo("error"); // registered, no heartbeat yet
        assertThat(cell(id, "acked").getText()).isEqualTo("0");
        chromium.driver.executeScript("window.sameDocument = true"); // survives only if nothing reloads the page

        test.sync.receive(remote.token().info(), new SyncBatch(List.of(new SyncEnvelope(1, id, remote.generation(),
                Instant.now(), new SessionCommand.Create(remote.sessionId(), "command", "starting", id, null, null,
                null, Instant.now()))), 5L));

        await().atMost(LIVE).until(() -> cell(id, "acked").getText().equals("1"));
        assertThat(cell(id, "outbox").getText()).isEqualTo("5");
        assertThat(health(id)).isEqualTo("ok");
        assertThat(cell(id, "heartbeat").getText()).endsWith("ago");

        // A command that took a minute to arrive: the workspace lags, and the badge says so at once.
        test.sync.receive(remote.token().info(), new SyncBatch(List.of(new SyncEnvelope(2, id, remote.generation(),
                Instant.now().minusSeconds(60), new SessionCommand.Update(remote.sessionId(), Patch.set("working"),
                Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent()))), 2L));
        await().atMost(LIVE).until(() -> health(id).equals("error"));
        assertThat(cell(id, "health").getText()).startsWith("lagging");
        assertThat(cell(id, "acked").getText()).isEqualTo("2");
        chromium.screenshot("workspaces-lagging");

        test.sync.receive(remote.token().info(), new SyncBatch(List.of(), 0L)); // the backlog is gone
        await().atMost(LIVE).until(() -> cell(id, "outbox").getText().equals("0"));
        assertThat(health(id)).isEqualTo("ok");
        assertThat(chromium.driver.executeScript("return window.sameDocument")).isEqualTo(true);
        assertThat(chromium.driver.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/workspaces')).length")).isEqualTo(0L);
        chromium.screenshot("workspaces-live");
        chromium.viewport(390, 844);
        chromium.colorScheme("dark");
        assertThat(cell(id, "acked").getText()).isEqualTo("2"); // laid out again before the picture
        chromium.screenshot("workspaces-phone-dark");
    }

    @Test
    void aWorkspaceIsDestroyedFromThePageAfterAConfirmation() {
        String id = registeredAndShown().workspaceId();

        // By keyboard: Enter on Destroy…, the focus lands on Cancel, Shift+Tab to the confirming Destroy, Enter.
        chromium.driver.findElement(By.cssSelector("button[aria-label='Destroy workspace " + id + "']"))
                .sendKeys(Keys.ENTER);
        WebElement cancel = cell(id, "actions").findElement(By.xpath(".//button[text()='Cancel']"));
        assertThat(chromium.driver.switchTo().activeElement()).isEqualTo(cancel); // the safe choice has the focus
        assertThat(cell(id, "actions").getText()).contains("Destroy workspace " + id + "?");
        chromium.screenshot("workspaces-destroy-confirm");
        cancel.sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        WebElement confirm = chromium.driver.switchTo().activeElement();
        assertThat(confirm.getAttribute("data-confirm")).isEqualTo("destroy");
        confirm.sendKeys(Keys.ENTER);

        await().atMost(LIVE).until(() -> "destroyed".equals(row(id).getAttribute("data-status")));
        assertThat(health(id)).isEqualTo("muted");
        assertThat(cell(id, "actions").findElements(By.tagName("button"))).isEmpty();
        assertThat(chromium.driver.switchTo().activeElement().getAttribute("data-cell")).isEqualTo("actions");
        assertThat(test.workspaces.require(id).destroyedAt()).isNotNull();
        chromium.screenshot("workspaces-destroyed");
    }

    @Test
    void aRefusedDestroyIsShownVerbatimAndChangesNothing() {
        IssuedToken token = test.tokens.create("browser", TokenScope.api(), null);
        String id = test.workspaces.register("daytona", null).workspaceId();
        open("#/workspaces");
        WebElement input = await().atMost(LIVE).until(() -> chromium.driver.findElements(By.id("token")),
                inputs -> !inputs.isEmpty()).getFirst();
        input.sendKeys(token.token(), Keys.ENTER);
        By destroy = By.cssSelector("button[aria-label='Destroy workspace " + id + "']");
        await().atMost(LIVE).until(() -> !chromium.driver.findElements(destroy).isEmpty());
        test.tokens.revoke(token.info().id()); // the API now refuses this tab

        chromium.driver.findElement(destroy).click();
        cell(id, "actions").findElement(By.cssSelector("[data-confirm='destroy']")).click();

        WebElement alert = cell(id, "actions").findElement(By.cssSelector("[role='alert']"));
        await().atMost(LIVE).until(() -> !alert.getText().isEmpty());
        assertThat(alert.getText()).isEqualTo("The server did not destroy " + id
                + ": The token is unknown, revoked or expired");
        assertThat(cell(id, "actions").findElements(By.cssSelector("[data-confirm='destroy']"))).hasSize(1);
        assertThat(test.workspaces.require(id).destroyedAt()).isNull();
        chromium.screenshot("workspaces-destroy-refused");
    }

    /** A remote workspace registered just now, once the page shows it. */
    private WorkspaceRegistry.Registration registeredAndShown() {
        WorkspaceRegistry.Registration remote = test.workspaces.register("daytona", null);
        open("#/workspaces");
        await().atMost(LIVE).until(() -> !chromium.driver.findElements(
                By.cssSelector("tr[data-workspace='" + remote.workspaceId() + "'] [data-health]")).isEmpty());
        return remote;
    }

    private void remote(String id, Instant heartbeat, long acked) {
        test.writer.write(new WorkspaceCommand.Create(id, null, null, "daytona", null, "mission/" + id, "creating",
                null, heartbeat));
        test.writer.write(new WorkspaceCommand.Update(id, Patch.set("sandbox-" + id), Patch.set("running"),
                Patch.absent(), Patch.set(acked), Patch.set(1L), Patch.set(heartbeat), Patch.absent(),
                Patch.set(heartbeat), Patch.absent()));
    }

    private WebElement row(String workspace) {
        return chromium.driver.findElement(By.cssSelector("tr[data-workspace='" + workspace + "']"));
    }

    private WebElement cell(String workspace, String name) {
        return row(workspace).findElement(By.cssSelector("[data-cell='" + name + "']"));
    }

    private String health(String workspace) {
        List<WebElement> badges = chromium.driver.findElements(
                By.cssSelector("tr[data-workspace='" + workspace + "'] [data-health]"));
        return badges.isEmpty() ? "" : badges.getFirst().getAttribute("data-health");
    }
}
