package dev.orbitdock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jar as a user does, against one data dir: one-shot commands and long-running servers. */
final class OrbitDockProcess {
    private static final Path JAR = Path.of("target/orbitdock.jar");
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private final Path dataDir;

    OrbitDockProcess(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Starts {@code orbitdock <args> --data-dir …} with stdout and stderr appended to {@code log}. */
    Process launch(Path log, String... args) throws IOException {
        return launch(log, Map.of(), args);
    }

    /** The same with {@code env} added to the inherited environment (e.g. a sync token, never an argument). */
    Process launch(Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("ORBITDOCK_HOME");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs a command to its end; returns {@code "<exit code>\n<output>"}. */
    String runToEnd(String... args) throws Exception {
        Files.createDirectories(dataDir);
        Path log = Files.createTempFile(dataDir, "cli", ".log");
        Process process = launch(log, args);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + "\n" + Files.readString(log);
    }

    /** Creates an API token and returns it. */
    String createToken(String label) throws Exception {
        String created = runToEnd("token", "create", "--label", label);
        assertThat(created).startsWith("0\n");
        return created.lines().filter(l -> l.startsWith("odtk_")).findFirst().orElseThrow();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
