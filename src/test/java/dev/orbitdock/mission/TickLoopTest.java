package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TickLoopTest {
    @TempDir
    Path dir;

    @Test
    void agentsEndingWhileAPassIsQueuedShareThatPassAndOneEndingDuringAPassGetsANewOne() throws Exception {
        CountDownLatch firstPassRunning = new CountDownLatch(1);
        CountDownLatch releaseFirstPass = new CountDownLatch(1);
        List<String> passes = new CopyOnWriteArrayList<>();
        try (TestStore store = TestStore.open(dir); TickLoop loop = new TickLoop(new MissionQueries(store.database()),
                MutableClock.at("2026-11-25T12:00:00Z"), new TickLoop.Cycle() {
                    @Override
                    public void tick(String missionId) {
                        throw new AssertionError("no missions, no ticks");
                    }

                    @Override
                    public void dispatch(String missionId) {
                        passes.add(missionId);
                        if (passes.size() == 1) {
                            firstPassRunning.countDown();
                            waitFor(releaseFirstPass);
                        }
                    }
                })) {
            loop.start();
            loop.dispatchSoon("m1");
            assertThat(firstPassRunning.await(30, TimeUnit.SECONDS)).isTrue();

            loop.dispatchSoon("m1"); // the first pass is running: this needs a pass of its own …
            loop.dispatchSoon("m1"); // … which these share
            loop.dispatchSoon("m1");
            loop.dispatchSoon("m2");
            releaseFirstPass.countDown();

            await().atMost(Duration.ofSeconds(30)).until(() -> passes.size() == 3);
            assertThat(passes).containsExactly("m1", "m1", "m2");
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
