package dev.orbitdock.workspace;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Times one smoke-test step and records it; a failure is a failed step, not an exception. */
public final class SmokeSteps {
    private SmokeSteps() {}

    /** @return whether the step succeeded; its detail is the first line of what {@code work} returned */
    public static boolean time(List<SmokeStep> steps, String name, Supplier<String> work) {
        long start = System.nanoTime();
        try {
            String out = work.get().strip();
            steps.add(new SmokeStep(name, true, Duration.ofNanos(System.nanoTime() - start),
                    out.lines().findFirst().orElse("")));
            return true;
        } catch (RuntimeException e) {
            steps.add(new SmokeStep(name, false, Duration.ofNanos(System.nanoTime() - start), e.getMessage()));
            return false;
        }
    }
}
