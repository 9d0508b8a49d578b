package dev.orbitdock.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.agent.AgentExit;
import dev.orbitdock.agent.AgentHandle;
import dev.orbitdock.agent.AgentLaunch;
import dev.orbitdock.app.Services;
import dev.orbitdock.common.Json;
import dev.orbitdock.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * What the remote providers' end-to-end tests share: OrbitDock "installed" on the remote machine (this test's own
 * classpath), a one-commit repo to clone, a command agent that commits, and the proof that its session replicated.
 */
public final class ManagedSessionFixture {
    /** OrbitDock on the "remote" machine: this JVM's java running this test's classpath. */
    public static final String ORBITDOCK = ProcessHandle.current().info().command().orElse("java") + " -cp "
            + System.getProperty("java.class.path") + " dev.orbitdock.cli.Main";

    /** Instance polling and grace short enough for tests and benchmarks. */
    public static final InstanceTiming FAST = new InstanceTiming(Duration.ofMillis(100), Duration.ofSeconds(5),
            Duration.ofSeconds(30));

        private ManagedSessionFixture() {}

    /** A repo on {@code main} with one commit. */
    public static Path repo(Path dir) throws Exception {
        Path repo = Files.createDirectories(dir);
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README.md"), "hello\n");
        git(repo, "add", "README.md");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first");
        return repo;
    }

    /** A command agent that prints, reads the setup's file, commits a result; it syncs to {@code syncUrl}. */
    public static AgentLaunch launch(WorkspaceRegistry.Registration ws, Workspace workspace, Path prompt,
                                     String syncUrl) {
        var settings = Json.mapper().createObjectNode().put("run", "echo hello; cat setup.txt; echo done > result.txt;"
                + " git add result.txt; git -c user.name=a -c user.email=a@a commit -qm result; echo committed");
        return new AgentLaunch("command", ws.sessionId(), ws.workspaceId(), null, workspace.path(), prompt, Map.of(
                "ORBITDOCK_SYNC_TOKEN", ws.token().token(),
                "ORBITDOCK_SYNC_URL", syncUrl,
                "ORBITDOCK_SYNC_GENERATION", "1"), settings);
    }

    /** A launch of the command agent with no environment and no settings: for instances that do not sync. */
    public static AgentLaunch quietLaunch(Workspace workspace, String sessionId, Path prompt) {
        return new AgentLaunch("command", sessionId, workspace.id(), null, workspace.path(), prompt, Map.of(),
                Json.mapper().createObjectNode());
    }

    /**
     * OrbitDock's own share of create + start, the median of {@code runs}: wall time minus {@code work}, the time
     * the fake provider spent doing the work itself. The provider's instance should end at once ({@code true}).
     */
    public static Duration medianOverhead(String name, WorkspaceProvider provider,
                                          IntFunction<CreateWorkspaceRequest> request, Path prompt, LongSupplier work,
                                          int runs) throws Exception {
        List<Long> overheads = new ArrayList<>();
        List<Long> works = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long before = work.getAsLong();
            long start = System.nanoTime();
            Workspace workspace = provider.create(request.apply(i));
            AgentHandle handle = provider.startAgent(workspace, quietLaunch(workspace, "od-s-bench-" + i, prompt));
            works.add(work.getAsLong() - before);
            overheads.add((System.nanoTime() - start) - works.getLast());
            handle.exit().get(30, TimeUnit.SECONDS);
            provider.destroy(workspace, DestroyMode.FORCE);
        }
        long median = median(overheads);
        System.out.printf("%s provisioning overhead: median %d ms of %s ms (the provider's own work: median %d ms)%n",
                name, median / 1_000_000, overheads.stream().map(n -> n / 1_000_000).toList(),
                median(works) / 1_000_000);
        return Duration.ofNanos(median);
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** The instance exited 0, removed its env file, and its whole session reached the control plane. */
    public static void assertReplicated(Services control, WorkspaceRegistry.Registration ws, Workspace workspace,
                                        AgentExit exit) throws Exception {
        String log = Files.readString(workspace.path().resolve("run/managed.log"));
        assertThat(exit.exitCode()).as(log).isZero();
        assertThat(workspace.path().resolve("run/env")).as("env file removed after start").doesNotExist();
        assertThat(Rows.query(control.database(), "SELECT end_reason FROM sessions WHERE id = '" + ws.sessionId()
                + "'")).singleElement()
                .satisfies(row -> assertThat(row.get("end_reason")).isEqualTo("exited with status 0"));
        assertThat(Rows.query(control.database(), "SELECT payload FROM conversation_rows ORDER BY sequence"))
                .extracting(row -> Json.mapper().readTree((String) row.get("payload")).path("text").asText())
                .containsExactly("hello", "setup-ran", "committed");
        assertThat(control.workspaces().require(ws.workspaceId()).sync().outboxDepth()).isZero();
    }

    /** Runs git in {@code repo}; a failure fails the test with git's output. */
    static void git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(git.waitFor()).as(new String(git.getInputStream().readAllBytes())).isZero();
    }
}
