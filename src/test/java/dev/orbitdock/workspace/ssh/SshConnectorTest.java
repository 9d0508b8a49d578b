package dev.orbitdock.workspace.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against a real OpenSSH server, which allows only so many channels on one connection. */
class SshConnectorTest {
    @TempDir
    Path dir;

    @Test
    void moreConcurrentCommandsThanSshdAllowsOnOneConnectionAllRun() throws Exception {
        int commands = 3 * SshConnector.CHANNELS_PER_SESSION;
        Path started = Files.createDirectories(dir.resolve("started"));
        try (Sshd sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")));
             SshConnector ssh = new SshConnector(new SshSettings(List.of(sshd.host()), Sshd.user(), sshd.userKey,
                     sshd.knownHosts, commands, "orbitdock", dir.toString(), Duration.ofSeconds(30)));
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            // Each command waits until all have started, so they are all open at once.
            List<Future<SshResult>> results = IntStream.range(0, commands).mapToObj(i -> threads.submit(() -> {
                go.await();
                return ssh.run(sshd.host(), "touch " + started + "/" + i + "; n=0; until [ \"$(ls " + started
                        + " | wc -l)\" -ge " + commands + " ] || [ $n -ge 600 ]; do sleep 0.1; n=$((n+1)); done;"
                        + " ls " + started + " | wc -l", null, Duration.ofMinutes(2));
            })).toList();
            go.countDown();

            for (Future<SshResult> result : results) {
                assertThat(result.get().ok()).as(result.get().reason()).isTrue();
                assertThat(result.get().stdout().strip()).isEqualTo(Integer.toString(commands));
            }
        }
    }
}
