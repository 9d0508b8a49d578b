package dev.orbitdock.workspace.ssh;

import static org.awaitility.Awaitility.await;

import dev.orbitdock.workspace.ManagedSessionFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OpenSSH {@code sshd} on 127.0.0.1 with a fresh host key and a fresh user key, for this user only. CI
 * installs it ({@code openssh-server}); elsewhere the tests that need it are skipped with the reason.
 */
final class Sshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    final Path dir;
    final int port;
    final Path userKey;
    final Path knownHosts;
    private final Process process;

    private Sshd(Path dir, int port, Path userKey, Path knownHosts, Process process) {
        this.dir = dir;
        this.port = port;
        this.userKey = userKey;
        this.knownHosts = knownHosts;
        this.process = process;
    }

    static Sshd start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            Assumptions.assumeFalse(System.getenv("CI") == null, "OpenSSH sshd is not installed (openssh-server)");
            throw new IllegalStateException("CI must install openssh-server: " + SSHD + " is missing");
        }
        Path privsep = Path.of("/run/sshd"); // sshd insists on its privilege-separation directory
        if (!Files.isDirectory(privsep)) {
            Files.createDirectories(privsep);
        }
        Path hostKey = dir.resolve("host_key");
        Path userKey = dir.resolve("user_key");
        keygen(hostKey);
        keygen(userKey);
        Path authorized = Files.copy(dir.resolve("user_key.pub"), dir.resolve("authorized_keys"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey, "AuthorizedKeysFile " + authorized,
                "PidFile " + dir.resolve("sshd.pid"), "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "UsePAM no", "StrictModes no", "PermitRootLogin prohibit-password", "LogLevel ERROR", ""));
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> accepts(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
        }
        return new Sshd(dir, port, userKey, knownHosts, process);
    }

    SshHost host() {
        return new SshHost("127.0.0.1", port);
    }

    /** The {@code ssh_*} settings of a pool of this one host, its workspaces under {@code workspaceRoot}. */
    Map<String, String> settings(Path workspaceRoot) {
        return Map.of("ssh_hosts", host().toString(), "ssh_user", user(), "ssh_key_path", userKey.toString(),
                "ssh_known_hosts", knownHosts.toString(), "ssh_orbitdock_command", ManagedSessionFixture.ORBITDOCK,
                "ssh_workspace_root", workspaceRoot.toString());
    }

        static String user() {
        return System.getProperty("user.name");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        Process keygen = new ProcessBuilder(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()))
                .redirectErrorStream(true).start();
        if (keygen.waitFor() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + new String(keygen.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
