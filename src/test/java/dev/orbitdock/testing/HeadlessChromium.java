package dev.orbitdock.testing;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium driven through the system's chromedriver (both found on PATH; nothing is ever downloaded).
 * Without them a test is skipped with a message, except on CI ({@code CI=true}), where it fails: a browser test
 * that silently stops running is worse than none.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** Where screenshots go; kept by the build as artifacts. */
    public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    private static final String[] BROWSERS = {"chromium", "chromium-browser"};

    public final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A fresh browser with an empty profile and a window of the given size. */
    public static HeadlessChromium launch(int width, int height) {
        Optional<Path> browser = Stream.of(BROWSERS).map(HeadlessChromium::onPath).flatMap(Optional::stream).findFirst();
        Optional<Path> chromedriver = onPath("chromedriver");
        if (browser.isEmpty() || chromedriver.isEmpty()) {
            String missing = "Chromium and chromedriver are needed on PATH for the dashboard's browser tests"
                    + " (Debian packages: chromium, chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing + "; on CI they must be installed");
            }
            assumeTrue(false, "skipped: " + missing);
        }
        try {
            Path profile = Files.createTempDirectory("orbitdock-chromium-");
            ChromeOptions options = new ChromeOptions().setBinary(browser.get().toFile()).addArguments(
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    // The machine's network is closed: no update checks, sync or other background traffic.
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            HeadlessChromium chromium = new HeadlessChromium(driver, profile);
            chromium.viewport(width, height);
            return chromium;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the viewport exactly width × height CSS pixels (a phone-sized one also reports a mobile device). */
    public void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** Emulates the system's light or dark colour scheme ({@code prefers-color-scheme}). */
    public void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Saves a PNG of the viewport under {@link #SCREENSHOTS}; returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp profile is harmless
        }
    }
}
