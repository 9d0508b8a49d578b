package dev.orbitdock.http;

import dev.orbitdock.testing.HeadlessChromium;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A browser test against an in-process {@link TestServer} (no orchestrator: the test writes what it shows). */
abstract class ChromiumOnTestServer {
    @TempDir
    Path dir;
    TestServer test;
    HeadlessChromium chromium;

    @BeforeEach
    final void startServerAndBrowser() {
        chromium = HeadlessChromium.launch(1280, 800); // first: skips (or fails on CI) before any set-up
        test = TestServer.start(dir);
    }

    @AfterEach
    final void stopServerAndBrowser() {
        try {
            chromium.close();
        } finally {
            if (test != null) {
                test.close();
            }
        }
    }

    /** Loads the dashboard at {@code hash} (e.g. {@code #/workspaces}). */
    void open(String hash) {
        chromium.driver.get("http://127.0.0.1:" + test.server.port() + "/" + hash);
    }
}
