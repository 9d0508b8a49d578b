package dev.orbitdock.workspace;

import dev.orbitdock.workspace.ProvisioningStep.Phase;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
}
