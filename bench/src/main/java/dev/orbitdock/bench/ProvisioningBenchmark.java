package dev.orbitdock.bench;

import dev.orbitdock.workspace.ManagedSessionFixture;
import dev.orbitdock.workspace.daytona.DaytonaProvisioningBenchmark;
import dev.orbitdock.workspace.ssh.SshProvisioningBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Issue-6 figure: OrbitDock's own share of provisioning a remote workspace (create + start) over the provider's
 * own work, with the fake Daytona and with ssh on loopback; target median &lt; 1 s. Usage:
 * {@code [daytona|ssh|all] [runs]}.
 */
public final class ProvisioningBenchmark {
    private ProvisioningBenchmark() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path dir = Files.createTempDirectory("orbitdock-provisioning-bench");
        Path repo = ManagedSessionFixture.repo(dir.resolve("repo"));
        Path prompt = Files.writeString(dir.resolve("prompt.md"), "nothing");
        try {
            if (mode.equals("daytona") || mode.equals("all")) {
                DaytonaProvisioningBenchmark.run(Files.createDirectories(dir.resolve("daytona")), repo, prompt, runs);
            }
            if (mode.equals("ssh") || mode.equals("all")) {
                SshProvisioningBenchmark.run(Files.createDirectories(dir.resolve("ssh")), repo, prompt, runs);
            }
        } finally {
            new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor();
        }
    }
}
