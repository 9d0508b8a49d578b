package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.common.Patch;
import dev.orbitdock.mission.MissionRecord;
import dev.orbitdock.store.MissionIssueCommand;
import dev.orbitdock.store.WorkspaceCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A board card of an issue in {@code provisioning}, in a real Chromium: "Setting up environment…" with the step
 * under way, following the workspace's recorded steps live; the issue page lists them and can destroy the workspace.
 */
class ProvisioningCardIT extends ChromiumOnTestServer {
    private static final Duration LIVE = Duration.ofSeconds(30);
    private static final String CLONE = "https://github.com/acme/shop.git";

    @Test
    void aProvisioningCardShowsTheCurrentStepAsItChanges() throws Exception {
        MissionRecord mission = provisioningIssue();
        open("#/missions/" + mission.id());
        WebElement card = await().atMost(LIVE).until(() -> card("provisioning"), c -> c != null);
        assertThat(card.getText()).contains("Setting up environment…");
        chromium.driver.executeScript("window.sameDocument = true"); // survives only if nothing reloads the page

        test.provisioningSteps("od-w1", TestServer.step("creating", "running", "daytona sandbox"));
        await().atMost(LIVE).until(() -> step().equals("creating — daytona sandbox"));
        test.provisioningSteps("od-w1", TestServer.step("creating", "finished", "daytona sandbox"),
                TestServer.step("cloning", "running", CLONE));
        await().atMost(LIVE).until(() -> step().equals("cloning — " + CLONE));
        assertThat(card("provisioning").getText()).contains("Setting up environment…");
        chromium.screenshot("board-provisioning");
        chromium.viewport(390, 844);
        chromium.colorScheme("dark");
        chromium.driver.findElement(By.cssSelector("li.card[data-issue='od-i1']")).getLocation(); // laid out again
        chromium.screenshot("board-provisioning-phone-dark");
        chromium.viewport(1280, 800);
        chromium.colorScheme("light");

        issueState("running");
        await().atMost(LIVE).until(() -> card("running") != null);
        assertThat(card("running").findElements(By.cssSelector(".setup"))).isEmpty();
        assertThat(chromium.driver.executeScript("return window.sameDocument")).isEqualTo(true);
    }

    @Test
    void theIssuePageListsTheStepsAndDestroysItsWorkspace() throws Exception {
        MissionRecord mission = provisioningIssue();
        test.provisioningSteps("od-w1", TestServer.step("creating", "finished", null),
                TestServer.step("cloning", "running", CLONE));
        open("#/missions/" + mission.id() + "/issues/od-i1");
        await().atMost(LIVE).until(() -> chromium.driver.findElements(By.cssSelector("ol.steps li")).size() == 2);
        assertThat(chromium.driver.findElement(By.cssSelector("ol.steps li[data-step='cloning']")).getText())
                .isEqualTo("cloning — " + CLONE);

        test.provisioningSteps("od-w1", TestServer.step("creating", "finished", null),
                TestServer.step("cloning", "failed", null));
        await().atMost(LIVE).until(() -> !chromium.driver.findElements(
                By.cssSelector("ol.steps li[data-status='failed']")).isEmpty());

        chromium.driver.findElement(By.cssSelector("button[aria-label='Destroy workspace od-w1']")).click();
        chromium.driver.findElement(By.cssSelector("[data-confirm='destroy']")).click();
        await().atMost(LIVE).until(() -> !chromium.driver.findElements(
                By.cssSelector("[data-workspace-status='destroyed']")).isEmpty());
        assertThat(chromium.driver.findElements(By.cssSelector("button[aria-label='Destroy workspace od-w1']")))
                .isEmpty();
        assertThat(test.workspaces.require("od-w1").destroyedAt()).isNotNull();
        chromium.screenshot("issue-workspace-destroyed");
    }

    /** A mission with issue od-i1 in {@code provisioning} on the remote workspace od-w1, no step recorded yet. */
    private MissionRecord provisioningIssue() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(repo.resolve("MISSION.md"), "---\nagent: {kind: command, command: {run: 'true'}}\n---\nGo\n");
        MissionRecord mission = test.missions.add(repo);
        Instant now = Instant.now();
        test.writer.write(new MissionIssueCommand.Create("od-i1", mission.id(), "1", "SHOP-1", "Fix the cart", null, 1,
                now, "provisioning", now));
        test.writer.write(new WorkspaceCommand.Create("od-w1", "od-i1", "od-s1", "daytona", null, "mission/shop-1",
                "creating", null, now));
        test.writer.write(new MissionIssueCommand.Update("od-i1", Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.set("od-w1"), Patch.set("od-s1"), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.absent(), now));
        return mission;
    }

    private void issueState(String state) {
        test.writer.write(new MissionIssueCommand.Update("od-i1", Patch.absent(), Patch.set(state), Patch.absent(),
                Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.absent(), Instant.now()));
    }

    /** The issue's card if it is in {@code state}'s column, else null. */
    private WebElement card(String state) {
        List<WebElement> cards = chromium.driver.findElements(
                By.cssSelector("section[data-state='" + state + "'] li.card[data-issue='od-i1']"));
        return cards.isEmpty() ? null : cards.getFirst();
    }

    /** The step the card shows (without its screen-reader prefix), or "" while none. */
    private String step() {
        List<WebElement> steps = chromium.driver.findElements(By.cssSelector("li.card[data-issue='od-i1'] .step-text"));
        return steps.isEmpty() ? "" : steps.getFirst().getText();
    }
}
