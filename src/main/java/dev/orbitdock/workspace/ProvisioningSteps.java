package dev.orbitdock.workspace;

import dev.orbitdock.workspace.ProvisioningStep.Phase;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.orbitdock.workspace.ShellQuote.quote;

/** Runs one provisioning step and reports it as started, then finished or failed (with the failure's message). */
public final class ProvisioningSteps {
    private ProvisioningSteps() {}

    public static <T> T run(Consumer<ProvisioningStep> progress, String name, String detail, Supplier<T> work) {
        progress.accept(new ProvisioningStep(name, Phase.STARTED, detail));
        try {
            T result = work.get();
            progress.accept(new ProvisioningStep(name, Phase.FINISHED, detail));
            return result;
        } catch (RuntimeException e) {
            progress.accept(new ProvisioningStep(name, Phase.FAILED, e.getMessage()));
            throw e;
        }
    }

    /**
     * Runs the request's setup commands on a remote machine as the steps {@code setup i/n}: each under
     * {@code timeout} there (killed 5 s after the setup timeout), and given to {@code shell} with how long to wait
     * for it; {@code shell} runs it in the repo and throws when it fails.
     */
    public static void setup(CreateWorkspaceRequest request, BiFunction<String, Duration, String> shell) {
        int n = request.setupCommands().size();
        long seconds = Math.max(1, request.setupTimeout().toSeconds());
        for (int i = 0; i < n; i++) {
            String command = request.setupCommands().get(i);
            run(request.progress(), "setup " + (i + 1) + "/" + n, command, () -> shell.apply("timeout -k 5 "
                    + seconds + " sh -c " + quote(command), request.setupTimeout().plusSeconds(10)));
        }
    }
}
