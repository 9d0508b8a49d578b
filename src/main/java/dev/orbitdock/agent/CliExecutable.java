package dev.orbitdock.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds an agent CLI before starting it and checks its version, so a missing install or one too old to speak the
 * protocol OrbitDock parses fails the issue with what was found and how to install the right one.
 */
final class CliExecutable {
    private CliExecutable() {}

    /** How long {@code --version} may take: a cold node start on a loaded machine takes seconds. */
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_VERSION_OUTPUT = 4096;

    /**
     * What OrbitDock needs of one CLI.
     *
     * @param install the install command shown when the CLI is missing or too old
     * @param minimum the oldest version whose output and flags OrbitDock knows
     */
    record Requirement(String kind, String install, CliVersion minimum) {}

    /** One file's content, as far as a stat tells: an upgrade in place changes the mtime or the size. */
    private record Stamp(Path file, FileTime modified, long size) {}

    /** Versions already asked, so a mission does not start node once more per issue just to print a number. */
    private static final Map<Stamp, CliVersion> VERSIONS = new ConcurrentHashMap<>();

    /**
     * A name with a slash is a path (relative to the workspace); a bare name is looked up on the {@code PATH} the
     * agent will get (the last of the environments that sets one). The CLI found must be at least the required
     * version.
     *
     * @throws AgentStartException "<kind> CLI not found; install with `<install>`", or that it is too old
     */
    static String resolve(String configured, Path workdir, List<Map<String, String>> envLayers, Requirement cli) {
        String found = find(configured, workdir, envLayers);
        if (found == null) {
            throw new AgentStartException(cli.kind() + " CLI not found; install with `" + cli.install() + "`",
                    "looked for '" + configured + "'; or point agent." + cli.kind()
                            + ".executable in MISSION.md at it", null);
        }
        CliVersion version = version(found, workdir, envLayers, cli);
        if (version.compareTo(cli.minimum()) < 0) {
            throw new AgentStartException(cli.kind() + " CLI " + version + " at " + found + " is too old: OrbitDock"
                    + " needs " + cli.minimum() + " or later; install with `" + cli.install() + "`",
                    "or point agent." + cli.kind() + ".executable in MISSION.md at a newer one", null);
        }
        return found;
    }

    private static String find(String configured, Path workdir, List<Map<String, String>> envLayers) {
        if (configured.contains("/")) {
            Path path = workdir.resolve(configured);
            return Files.isExecutable(path) ? path.toString() : null;
        }
        for (String dir : path(envLayers).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, configured))) {
                return Path.of(dir, configured).toString();
            }
        }
        return null;
    }

    private static CliVersion version(String executable, Path workdir, List<Map<String, String>> envLayers,
                                      Requirement cli) {
        Stamp stamp = stamp(executable);
        CliVersion known = stamp == null ? null : VERSIONS.get(stamp);
        if (known != null) {
            return known;
        }
        String printed = run(executable, workdir, envLayers, cli);
        CliVersion version = CliVersion.find(printed).orElseThrow(() -> new AgentStartException("cannot tell the"
                + " version of the " + cli.kind() + " CLI at " + executable + ": `--version` printed '"
                + printed.strip() + "'; OrbitDock needs " + cli.minimum() + " or later; install with `"
                + cli.install() + "`", "or point agent." + cli.kind() + ".executable in MISSION.md at it", null));
        if (stamp != null) {
            VERSIONS.put(stamp, version);
        }
        return version;
    }

    /** The resolved file (an npm bin is a symlink to the package's script), or null when it cannot be read. */
    private static Stamp stamp(String executable) {
        try {
            Path real = Path.of(executable).toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            return new Stamp(real, attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            return null; // asked every time, then
        }
    }

    /** {@code <executable> --version} in the agent's environment (a node script needs the agent's PATH). */
    private static String run(String executable, Path workdir, List<Map<String, String>> envLayers, Requirement cli) {
        ProcessBuilder builder = new ProcessBuilder(executable, "--version").directory(workdir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove(AgentLaunch.SYNC_TOKEN_ENV);
        envLayers.forEach(builder.environment()::putAll);
        String failed = "cannot run `" + executable + " --version`";
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AgentStartException(failed + ": " + e.getMessage(), "install with `" + cli.install() + "`", e);
        }
        // Read beside the wait: a CLI that hangs must not hang the dispatch with it.
        CompletableFuture<String> output = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> output.complete(read(process.getInputStream())));
        try {
            if (!process.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTree.terminate(process.toHandle(), Duration.ZERO);
                throw new AgentStartException(failed + ": no answer within " + VERSION_TIMEOUT.toSeconds() + " s",
                        "install with `" + cli.install() + "`", null);
            }
            String printed = output.get(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                throw new AgentStartException(failed + ": exit " + process.exitValue() + ": " + printed.strip(),
                        "install with `" + cli.install() + "`", null);
            }
            return printed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessTree.terminate(process.toHandle(), Duration.ZERO);
            throw new AgentStartException(failed + ": interrupted", null, e);
        } catch (ExecutionException | TimeoutException e) {
            ProcessTree.terminate(process.toHandle(), Duration.ZERO);
            throw new AgentStartException(failed + ": its output could not be read", null, e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            byte[] head = in.readNBytes(MAX_VERSION_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            return new String(head, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String path(List<Map<String, String>> envLayers) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (Map<String, String> layer : envLayers) {
            path = layer.getOrDefault("PATH", path);
        }
        return path;
    }
}
