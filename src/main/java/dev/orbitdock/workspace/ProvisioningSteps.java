package dev.orbitdock.workspace;

import dev.orbitdock.workspace.ProvisioningStep.Phase;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.orbitdock.workspace.ShellQuote.quote;

/** Runs one provisioning step and reports it as started, then finished or failed (with the failure's message). */
public final class ProvisioningSteps {
    private ProvisioningSteps() {}

    /** A step without a deadline of its own. */
    public static <T> T run(Consumer<ProvisioningStep> progress, String name, String detail, Supplier<T> work) {
        return report(progress, name, detail, null, work);
    }

    /**
     * A step that must be done within {@code limit}: {@code work} gets the deadline to bound its waits by, and a
     * failure once the deadline has passed (a remote command killed by its timeout, say) is reported as the
     * deadline's, naming the step and its limit, with the provider's own words after it.
     */
    public static <T> T run(Consumer<ProvisioningStep> progress, String name, String detail, Duration limit,
                            Clock clock, Function<StepDeadline, T> work) {
        StepDeadline deadline = StepDeadline.start(name, limit, clock);
        return report(progress, name, detail, limit, () -> {
            try {
                return work.apply(deadline);
            } catch (RuntimeException e) {
                boolean reported = e instanceof WorkspaceException w && w.code().equals(StepDeadline.EXCEEDED);
                throw deadline.passed() && !reported ? deadline.exceeded(e.getMessage(), null, e) : e;
            }
        });
    }

    private static <T> T report(Consumer<ProvisioningStep> progress, String name, String detail, Duration limit,
                                Supplier<T> work) {
        progress.accept(new ProvisioningStep(name, Phase.STARTED, detail, limit));
        try {
            T result = work.get();
            progress.accept(new ProvisioningStep(name, Phase.FINISHED, detail, limit));
            return result;
        } catch (RuntimeException e) {
            progress.accept(new ProvisioningStep(name, Phase.FAILED, e.getMessage(), limit));
            throw e;
        }
    }

    /**
     * Runs the request's setup commands on a remote machine as the steps {@code setup i/n}, each with the setup
     * timeout as its deadline: each under {@code timeout} there (killed 5 s after the setup timeout), and given to
     * {@code shell} with how long to wait for it; {@code shell} runs it in the repo and throws when it fails.
     */
    public static void setup(CreateWorkspaceRequest request, Clock clock, BiFunction<String, Duration, String> shell) {
        int n = request.setupCommands().size();
        long seconds = Math.max(1, request.setupTimeout().toSeconds());
        for (int i = 0; i < n; i++) {
            String command = request.setupCommands().get(i);
            run(request.progress(), "setup " + (i + 1) + "/" + n, command, request.setupTimeout(), clock,
                    deadline -> shell.apply("timeout -k 5 " + seconds + " sh -c " + quote(command),
                            request.setupTimeout().plusSeconds(10)));
        }
    }
}
