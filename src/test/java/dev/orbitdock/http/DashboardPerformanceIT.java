package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.mission.MissionRecord;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.MissionIssueCommand;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * How fast the dashboard opens big things, in a real Chromium: a 500-issue board and a 20 000-row transcript.
 * The figures are logged (and kept in target/browser-screenshots/performance.txt), not asserted: timings on a
 * shared two-core machine say too little to fail a build on. What is asserted is that the transcript is virtual.
 */
class DashboardPerformanceIT extends ChromiumOnTestServer {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final int ISSUES = 500;
    private static final int ROWS = 20_000;
    /** Navigates to arguments[0] and answers with the milliseconds until arguments[1] holds, one frame later. */
    private static final String NAVIGATE_AND_TIME = """
            const [hash, condition, done] = arguments;
            const holds = new Function('return (' + condition + ')');
            const started = performance.now();
            location.hash = hash;
            (function check() {
              if (holds()) requestAnimationFrame(() => done(performance.now() - started));
              else requestAnimationFrame(check);
            })();
            """;

    @Test
    void aBigBoardAndALongTranscriptOpenFast() throws Exception {
        MissionRecord mission = missionWithIssues();
        sessionWithRows("od-long");
        var driver = chromium.driver;
        open("#/");
        await().atMost(Duration.ofSeconds(30)).until(() -> "live".equals(driver.findElement(
                By.id("connection")).getAttribute("data-state")));

        double board = time("#/missions/" + mission.id(), "document.querySelector('.board[data-rendered=\"500\"]')");
        double boardRender = number("window.orbitdock.timings.boardRenderMs");
        assertThat(driver.findElements(By.cssSelector(".card"))).hasSize(ISSUES);
        chromium.screenshot("performance-board-500");

        double transcript = time("#/sessions/od-long",
                "document.querySelector('.transcript [aria-posinset=\"" + ROWS + "\"]')");
        double transcriptSnapshot = number("window.orbitdock.timings.transcriptOpenMs");
        long rowsInDom = (Long) driver.executeScript("return document.querySelectorAll('.transcript .row').length");
        assertThat(rowsInDom).as("only the rows in view are built").isLessThan(200);
        chromium.screenshot("performance-transcript-20000");

        // Jump to the middle, as a scrollbar drag does: the rows there are built on the next frame.
        double jump = ((Number) driver.executeAsyncScript("""
                const done = arguments[0];
                const viewport = document.querySelector('.transcript');
                const started = performance.now();
                viewport.scrollTop = viewport.scrollHeight / 2;
                requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)));
                """)).doubleValue();
        // Scroll down frame by frame, as a wheel or a held arrow key does; the worst frame is what stutters.
        @SuppressWarnings("unchecked")
        var frames = (List<Number>) driver.executeAsyncScript("""
                const done = arguments[0];
                const viewport = document.querySelector('.transcript');
                const gaps = [];
                let last = performance.now();
                (function step(n) {
                  if (n === 0) return done([gaps.reduce((a, b) => a + b, 0) / gaps.length, Math.max(...gaps)]);
                  viewport.scrollTop += 300;
                  requestAnimationFrame(() => {
                    const now = performance.now();
                    gaps.push(now - last);
                    last = now;
                    step(n - 1);
                  });
                })(120);
                """);

        String figures = String.format(Locale.ROOT, """
                board with %d issues: %.0f ms from navigation to painted (render %.0f ms)
                transcript with %d rows: %.0f ms from navigation to the last row painted (subscribe to render %.0f ms), \
                %d rows in the DOM
                transcript jump to the middle: %.0f ms
                transcript scrolled 300 px a frame for 120 frames: %.1f ms a frame on average, %.1f ms the worst
                """, ISSUES, board, boardRender, ROWS, transcript, transcriptSnapshot, rowsInDom, jump,
                frames.get(0).doubleValue(), frames.get(1).doubleValue());
        System.out.print(figures);
        Files.createDirectories(HeadlessChromium.SCREENSHOTS);
        Files.writeString(HeadlessChromium.SCREENSHOTS.resolve("performance.txt"), figures);
    }

    private double time(String hash, String condition) {
        return ((Number) chromium.driver.executeAsyncScript(NAVIGATE_AND_TIME, hash, condition)).doubleValue();
    }

    private double number(String expression) {
        return ((Number) chromium.driver.executeScript("return " + expression)).doubleValue();
    }

    private MissionRecord missionWithIssues() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("big"));
        Files.writeString(repo.resolve("MISSION.md"), "---\nagent: {kind: command, command: {run: 'true'}}\n---\nGo\n");
        MissionRecord mission = test.missions.add(repo);
        OrchestrationState[] states = OrchestrationState.values();
        for (int i = 1; i <= ISSUES; i++) {
            var create = new MissionIssueCommand.Create("od-i" + i, mission.id(), "T-" + i, "T-" + i,
                    "Issue number " + i + " with a title of ordinary length", null, i % 5, T0,
                    states[i % states.length].wire(), T0);
            if (i < ISSUES) {
                test.writer.submit(create);
            } else {
                test.writer.write(create); // commits in queue order: once this one is in, all are
            }
        }
        return mission;
    }

    /** Mostly output lines, with a tool call every 10th row and an error every 100th, like a long agent run. */
    private void sessionWithRows(String sessionId) {
        test.writer.write(new SessionCommand.Create(sessionId, "command", "working", null, null, null, null, T0));
        for (int i = 1; i <= ROWS; i++) {
            ObjectNode payload = TestServer.JSON.createObjectNode();
            String type = "output";
            if (i % 100 == 0) {
                type = "stderr";
                payload.put("text", "error " + i + ": something failed");
            } else if (i % 10 == 0) {
                type = "event";
                payload.put("type", "tool_call").put("name", "read_file");
                payload.putObject("input").put("path", "src/file" + i + ".java");
                payload.put("result", "…" + i + " lines…");
            } else {
                payload.put("text", "output line " + i + " of the agent's long run");
            }
            var append = new ConversationCommand.Append("od-r" + i, sessionId, null, type, payload, T0);
            if (i < ROWS) {
                test.writer.submit(append);
            } else {
                test.writer.write(append);
            }
        }
    }
}
