package dev.orbitdock.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.app.DemoRepo;
import dev.orbitdock.common.Json;
import dev.orbitdock.testing.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium against the packaged jar running a real mission: a login, issues
 * moving across the board live, a transcript streaming in, a failure and its retry. Screenshots are kept under
 * target/browser-screenshots.
 */
class DashboardBrowserIT {
    private static final Duration LIVE = Duration.ofSeconds(60);
    /** The agent: typed rows, then output lines until the test opens its gate ({@code <id>.done} or {@code .fail}). */
    private static final String AGENT = """
            #!/bin/sh
            gate="%s/$ORBITDOCK_ISSUE_IDENTIFIER"
            echo '{"type":"assistant","text":"Reading the issue"}'
            echo '{"type":"tool_call","name":"edit","input":{"path":"notes.md"},"result":"1 file changed"}'
            echo '{"type":"usage","input_tokens":1200,"output_tokens":340,"cost_usd":0.0125}'
            n=0
            while [ ! -e "$gate.done" ] && [ ! -e "$gate.fail" ]; do n=$((n+1)); echo "working $n"; sleep 0.2; done
            if [ -e "$gate.fail" ]; then echo "quota exceeded for model m-1 (request 42)" >&2; exit 3; fi
            echo '{"type":"assistant","text":"All done"}'
            """;
    private static final String MISSION = """
            ---
            name: browser
            tracker: {kind: local, directory: .orbitdock/issues}
            trigger: {interval: 1s, filters: {states: ["Todo"]}}
            provider: {max_concurrent: 2}
            orchestration: {max_retries: 0, max_backoff: 1s, stall_timeout: 5m, base_branch: main}
            agent: {kind: command, command: {run: sh .orbitdock/agent.sh, timeout: 5m}}
            ---
            Work on {{ issue.identifier }}: {{ issue.title }}.
            """;

    @TempDir
    Path dir;
    private Path gates;
    private Process server;
    private int port;
    private String token;
    private HeadlessChromium chromium;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startServerWithAMission() throws Exception {
        chromium = HeadlessChromium.launch(1280, 800); // first: skips (or fails on CI) before any set-up
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        gates = Files.createDirectories(dir.resolve("gates"));
        Path repo = missionRepo(dir.resolve("repo"));
        OrbitDockProcess orbitdock = new OrbitDockProcess(dataDir);
        token = orbitdock.createToken("browser");
        assertThat(orbitdock.runToEnd("mission", "add", repo.toString())).startsWith("0\n");
        port = OrbitDockProcess.freePort();
        Path log = dir.resolve("server.log");
        server = orbitdock.launch(log, "start", "--bind", "127.0.0.1:" + port);
        await().atMost(LIVE).until(() -> Files.readString(log).contains("listening on http://127.0.0.1:" + port));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void issuesMoveLiveTranscriptsStreamAndAFailedIssueIsRetried() throws Exception {
        var driver = chromium.driver;
        driver.get(base() + "/");
        signIn();
        click(By.linkText("browser"));
        await().atMost(LIVE).until(() -> "running".equals(columnOf("E2E-1")) && "running".equals(columnOf("E2E-2")));
        driver.executeScript("window.sameDocument = true"); // survives only if nothing reloads the page
        chromium.screenshot("board-running");

        // The transcript follows the agent while it works.
        click(By.linkText("E2E-1"));
        await().atMost(LIVE).until(() -> lastShownSequence() > 5);
        long seen = lastShownSequence();
        await().atMost(LIVE).until(() -> lastShownSequence() > seen + 5);
        // Scrolling up stops following, so the first rows stay put while more arrive.
        driver.executeScript("document.querySelector('.transcript').scrollTop = 0");
        By toolCallButton = By.xpath("//button[contains(., 'Tool call: edit')]");
        await().atMost(LIVE).until(() -> !driver.findElements(toolCallButton).isEmpty());
        WebElement toolCall = driver.findElement(toolCallButton);
        assertThat(toolCall.getAttribute("aria-expanded")).isEqualTo("false");
        toolCall.click();
        await().atMost(LIVE).until(() -> text(".row-tool .body:not([hidden]) pre").contains("notes.md"));
        assertThat(toolCall.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(text(".transcript")).contains("Reading the issue");
        assertThat(text(".row-usage")).contains("1,200 in").contains("340 out");
        chromium.screenshot("transcript-streaming");

        // Back on the board, one issue completes and the other fails, live.
        click(By.linkText("← Board"));
        Files.createFile(gates.resolve("E2E-1.done"));
        Files.createFile(gates.resolve("E2E-2.fail"));
        await().atMost(LIVE).until(() -> "completed".equals(columnOf("E2E-1")) && "failed".equals(columnOf("E2E-2")));
        assertThat(driver.executeScript("return window.sameDocument")).isEqualTo(true);
        chromium.screenshot("board-completed-and-failed");

        // The failure shows the agent's real message, verbatim, on the issue's page.
        JsonNode failed = issue("E2E-2");
        click(By.linkText("E2E-2"));
        await().atMost(LIVE).until(() -> !driver.findElements(By.cssSelector("pre.last-error")).isEmpty());
        assertThat(text("pre.last-error")).isEqualTo(failed.get("last_error").asText());
        await().atMost(LIVE).until(() -> text(".row-error").contains("quota exceeded for model m-1"));
        chromium.screenshot("issue-failed");

        // Retry from the board: the card goes back through the queue and runs a new attempt.
        click(By.linkText("← Board"));
        Files.delete(gates.resolve("E2E-2.fail"));
        await().atMost(LIVE).until(() -> !driver.findElements(By.cssSelector("[aria-label='Retry E2E-2']")).isEmpty());
        assertThat(unnamedControls()).as("buttons and links without an accessible name").isZero();
        driver.findElement(By.cssSelector("[aria-label='Retry E2E-2']")).sendKeys(Keys.ENTER); // by keyboard
        await().atMost(LIVE).until(() -> "running".equals(columnOf("E2E-2")));
        Files.createFile(gates.resolve("E2E-2.done"));
        await().atMost(LIVE).until(() -> "completed".equals(columnOf("E2E-2")));
        assertThat(issue("E2E-2").get("state").asText()).isEqualTo("completed");
        assertThat(driver.executeScript("return window.sameDocument")).isEqualTo(true);
        chromium.screenshot("board-after-retry");

        click(By.linkText("Workspaces"));
        await().atMost(LIVE).until(() -> driver.findElements(By.cssSelector("tr[data-workspace]")).size() >= 3);
        assertThat(text("table.workspaces")).contains("E2E-1").contains("E2E-2").contains("mission/e2e-1");
        assertThat(unnamedControls()).as("buttons and links without an accessible name").isZero();
        chromium.screenshot("workspaces-after-run");
        click(By.linkText("Missions"));
        click(By.linkText("browser"));
        await().atMost(LIVE).until(() -> "completed".equals(columnOf("E2E-2")));

        chromium.viewport(390, 844);
        chromium.screenshot("board-phone");
        chromium.colorScheme("dark");
        chromium.viewport(1280, 800);
        chromium.screenshot("board-dark");
    }

    /** Clicks the element once it is on the page (views render when their snapshot arrives). */
    private void click(By locator) {
        await().atMost(LIVE).until(() -> !chromium.driver.findElements(locator).isEmpty());
        chromium.driver.findElement(locator).click();
    }

    /** Buttons and links a screen reader could not name. */
    private long unnamedControls() {
        return (Long) chromium.driver.executeScript("return [...document.querySelectorAll('button, a[href], input')]"
                + ".filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || e.labels?.length)).length");
    }

    private void signIn() {
        await().atMost(LIVE).until(() -> !chromium.driver.findElements(By.id("token")).isEmpty());
        assertThat(chromium.driver.findElements(By.cssSelector("header[role=banner], nav[aria-label], main"))).hasSize(3);
        assertThat(unnamedControls()).isZero();
        chromium.driver.findElement(By.id("token")).sendKeys(token);
        chromium.driver.findElement(By.cssSelector("form.login button[type=submit]")).click();
        await().atMost(LIVE).until(() -> "live".equals(chromium.driver.findElement(By.id("connection"))
                .getAttribute("data-state")));
    }

    /** The board column the issue's card is in, or null when it is not on the page. */
    private String columnOf(String identifier) {
        return (String) chromium.driver.executeScript("return document.querySelector("
                + "'[data-identifier=\"' + arguments[0] + '\"]')?.closest('section')?.dataset.state ?? null", identifier);
    }

    /** The sequence of the last transcript row on screen (the newest one while the transcript follows). */
    private long lastShownSequence() {
        return (Long) chromium.driver.executeScript("return document.querySelectorAll('.transcript .row').length"
                + " && Number(document.querySelector('.transcript .row:last-child .seq').textContent.slice(1))");
    }

    private String text(String css) {
        List<WebElement> found = chromium.driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.getFirst().getText();
    }

    private JsonNode issue(String identifier) throws Exception {
        JsonNode missions = getJson("/api/missions");
        String missionId = missions.get("missions").get(0).get("id").asText();
        for (JsonNode issue : getJson("/api/missions/" + missionId + "/issues").get("issues")) {
            if (issue.get("identifier").asText().equals(identifier)) {
                return issue;
            }
        }
        throw new AssertionError("no issue " + identifier);
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private Path missionRepo(Path repo) throws Exception {
        Files.createDirectories(repo.resolve(".orbitdock/issues"));
        Files.writeString(repo.resolve("MISSION.md"), MISSION);
        Files.writeString(repo.resolve(".orbitdock/agent.sh"), AGENT.formatted(gates));
        for (int n = 1; n <= 2; n++) {
            Files.writeString(repo.resolve(".orbitdock/issues/E2E-" + n + ".md"), "---\nidentifier: E2E-" + n
                    + "\ntitle: Browser task " + n + "\nstate: Todo\npriority: " + n + "\n---\nDo task " + n + ".\n");
        }
        DemoRepo.git(repo, "init", "-q", "-b", "main");
        DemoRepo.git(repo, "add", ".");
        DemoRepo.git(repo, "-c", "user.name=test", "-c", "user.email=test@orbitdock.invalid", "commit", "-q", "-m", "init");
        return repo;
    }
}
