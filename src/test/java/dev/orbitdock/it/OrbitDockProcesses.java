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

/** The packaged jar started as a user starts it: its own process, data dir and environment, output to a log file. */
final class OrbitDockProcesses {
    private static final Path JAR = Path.of("target/orbitdock.jar");
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private OrbitDockProcesses() {}

    static Process launch(Path dataDir, Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("ORBITDOCK_HOME");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs a command to its end; returns its exit status, a newline, then its output. */
    static String runToEnd(Path dataDir, String... args) throws Exception {
        Files.createDirectories(dataDir);
        Path log = Files.createTempFile(dataDir, "cli", ".log");
        Process process = launch(dataDir, log, Map.of(), args);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + "\n" + Files.readString(log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
