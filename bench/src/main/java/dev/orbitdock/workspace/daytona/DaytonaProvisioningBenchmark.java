package dev.orbitdock.workspace.daytona;

import dev.orbitdock.workspace.CreateWorkspaceRequest;
import dev.orbitdock.workspace.ManagedSessionFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Issue-6 figure for Daytona: OrbitDock's own share of provisioning (create: sandbox, clone; start: uploads, session,
 * pid) against the fake Daytona, which really runs the clone and the commands: the wall time of create + start
 * minus the time the fake spent handling the requests. The instance is {@code true}, so it ends at once.
 */
public final class DaytonaProvisioningBenchmark {
    private DaytonaProvisioningBenchmark() {}

    /** Prints the figures of {@code runs} runs after 3 warm-up runs, cloning {@code repo}; scratch in {@code dir}. */
    public static void run(Path dir, Path repo, Path prompt, int runs) throws Exception {
        try (FakeDaytona daytona = new FakeDaytona(Files.createDirectories(dir.resolve("sandboxes")));
             DaytonaWorkspaceProvider provider = new DaytonaWorkspaceProvider(new DaytonaSettings(daytona.apiUrl(),
                     FakeDaytona.API_KEY, "eu", "ghcr.io/acme/orbitdock:1", null, 2, 4, 10, 30, 60, "true",
                     Duration.ofSeconds(30)), null, ManagedSessionFixture.FAST)) {
            daytona.creatingReads = 0;
            ManagedSessionFixture.medianOverhead("daytona warm-up", provider, i -> request(repo, dir, "w" + i),
                    prompt, daytona::workNanos, 3);
            Duration median = ManagedSessionFixture.medianOverhead("daytona", provider,
                    i -> request(repo, dir, "b" + i), prompt, daytona::workNanos, runs);
            System.out.printf("daytona: median OrbitDock overhead %d ms over %d runs (target < 1000 ms)%n",
                    median.toMillis(), runs);
        }
    }

    private static CreateWorkspaceRequest request(Path repo, Path dir, String id) {
        return new CreateWorkspaceRequest("od-w-bench-" + id, repo, "mission/bench", "main", dir.resolve("unused"),
                List.of(), Duration.ofSeconds(30), step -> {}, "od-mission-bench");
    }
}
