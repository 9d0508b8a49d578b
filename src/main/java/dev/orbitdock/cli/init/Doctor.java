package dev.orbitdock.cli.init;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The environment checks of {@code orbitdock doctor} that do not need the data dir. */
public final class Doctor {
    public enum Status { OK, WARN, FAIL }

    /** One line of the report. */
    public record Check(Status status, String message) {
        public static Check ok(String message) {
            return new Check(Status.OK, message);
        }

        public static Check fail(String message) {
            return new Check(Status.FAIL, message);
        }

        public String line() {
            return switch (status) {
                case OK -> "✓ ";
                case WARN -> "! ";
                case FAIL -> "✗ ";
            } + message;
        }
    }

    private static final int MIN_JDK = 21;
    private final Map<String, String> env;

    /** @param env where PATH comes from, so tests choose which tools exist */
    public Doctor(Map<String, String> env) {
        this.env = env;
    }

    public static Check jdk(Runtime.Version version) {
        return version.feature() >= MIN_JDK ? Check.ok("JDK " + version)
                : Check.fail("JDK " + version + " is too old; OrbitDock needs " + MIN_JDK + " or newer");
    }

    /**
     * {@code <tool> --version} from PATH. A missing tool fails, unless it is an agent's CLI ({@code agent} not
     * null), which only that agent needs: then it is a warning.
     */
    public Check tool(String name, String agent) {
        Optional<Path> found = which(name);
        if (found.isEmpty()) {
            return agent == null ? Check.fail(name + ": not found on PATH")
                    : new Check(Status.WARN, name + ": not found — needed only for agent: " + agent);
        }
        return version(found.get()).map(v -> Check.ok(name + ": " + v))
                .orElseGet(() -> agent == null ? Check.fail(name + ": `" + found.get() + " --version` failed")
                        : new Check(Status.WARN, name + ": `--version` failed — needed only for agent: " + agent));
    }

    private Optional<Path> which(String name) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The first line of {@code --version}, or empty when it fails or hangs. */
    private static Optional<String> version(Path tool) {
        try {
            Process process = new ProcessBuilder(tool.toString(), "--version").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? output.lines().findFirst().map(String::strip) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
