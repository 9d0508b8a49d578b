package dev.orbitdock.workspace.ssh;

import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.ManagedSessionFixture;
import dev.orbitdock.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.orbitdock.workspace.ShellQuote.quote;

/**
 * Issue-6 figure for ssh on loopback (a real OpenSSH server): OrbitDock's own share of provisioning, per run the
 * wall time of the provider's create + start minus that of the same work (directory, clone, branch, a detached
 * start) sent as one command over an already open connection, which is what the host itself has to do. The
 * instance is {@code true}, so it ends at once. Median of the per-run differences.
 */
public final class SshProvisioningBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private SshProvisioningBenchmark() {}

    /** Prints the figures of {@code runs} runs after 3 warm-up runs, cloning {@code repo}; scratch in {@code dir}. */
    public static void run(Path dir, Path repo, Path prompt, int runs) throws Exception {
        String root = Files.createDirectories(dir.resolve("remote")).toString();
        try (Sshd sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")))) {
            SshSettings settings = new SshSettings(List.of(sshd.host()), Sshd.user(), sshd.userKey, sshd.knownHosts,
                    4, "true", root, Duration.ofSeconds(10));
            try (SshWorkspaceProvider provider = new SshWorkspaceProvider(settings, ManagedSessionFixture.FAST);
                 SshConnector ssh = new SshConnector(settings)) {
                List<Long> walls = new ArrayList<>();
                List<Long> bases = new ArrayList<>();
                List<Long> overheads = new ArrayList<>();
                for (int i = -3; i < runs; i++) { // three warm-up runs
                    long base = bare(ssh, sshd.host(), root + "/bare-" + i, repo);
                    long wall = orbitdock(provider, repo, dir, prompt, "od-w-bench-" + i);
                    if (i >= 0) {
                        walls.add(wall);
                        bases.add(base);
                        overheads.add(wall - base);
                    }
                }
                System.out.printf("ssh: create + start median %d ms, the same work as one command median %d ms%n",
                        median(walls), median(bases));
                System.out.printf("ssh: median OrbitDock overhead %d ms over %d runs (target < 1000 ms), runs: %s%n",
                        median(overheads), runs, overheads.stream().map(n -> n / 1_000_000).toList());
            }
        }
    }

    /** The provider's create + start, in nanoseconds; then the instance's end is awaited and the workspace removed. */
    private static long orbitdock(SshWorkspaceProvider provider, Path repo, Path dir, Path prompt, String id)
            throws Exception {
        long start = System.nanoTime();
        Workspace workspace = provider.create(new CreateWorkspaceRequest(id, repo, "mission/bench", "main",
                dir.resolve("unused"), List.of(), Duration.ofSeconds(30), step -> {}, "od-mission-bench"));
        AgentHandle handle = provider.startAgent(workspace, ManagedSessionFixture.quietLaunch(workspace,
                "od-s-" + id, prompt));
        long wall = System.nanoTime() - start;
        handle.exit().get(30, TimeUnit.SECONDS);
        provider.destroy(workspace, DestroyMode.FORCE);
        return wall;
    }

    /** The same work done bare in one command, in nanoseconds; then removed. */
    private static long bare(SshConnector ssh, SshHost host, String workspace, Path repo) {
        String command = "mkdir -p " + quote(workspace + "/run") + " && cd " + quote(workspace)
                + " && git clone --quiet --branch main " + quote(repo.toString()) + " repo"
                + " && git -C repo checkout --quiet -b mission/bench"
                + " && { setsid nohup sh -c 'true; echo $? > run/exit-status' > run/managed.log 2>&1 < /dev/null &"
                + " echo $!; }";
        long start = System.nanoTime();
        SshResult result = ssh.run(host, command, null, TIMEOUT);
        long took = System.nanoTime() - start;
        if (!result.ok()) {
            throw new IllegalStateException("the bare provisioning failed: " + result.reason());
        }
        ssh.run(host, "rm -rf " + quote(workspace), null, TIMEOUT);
        return took;
    }

    private static long median(List<Long> nanos) {
        return nanos.stream().sorted().toList().get(nanos.size() / 2) / 1_000_000;
    }
}
