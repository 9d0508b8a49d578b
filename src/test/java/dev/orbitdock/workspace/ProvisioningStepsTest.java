package dev.orbitdock.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Step deadlines are read from the injected clock: a step "stuck" for minutes takes no time here. */
class ProvisioningStepsTest {
    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    private final List<ProvisioningStep> steps = new ArrayList<>();

    @Test
    void aPollingStepPastItsDeadlineFailsNamingTheStepTheDeadlineAndWhatItWaitedFor() {
        assertThatThrownBy(() -> ProvisioningSteps.run(steps::add, "creating", "image x", Duration.ofMinutes(5),
                clock, deadline -> {
                    while (true) {
                        deadline.check("sandbox s-1 was still creating", "raise daytona_create_timeout");
                        clock.advance(Duration.ofSeconds(2)); // one poll
                    }
                })).isInstanceOfSatisfying(WorkspaceException.class, e -> {
                    assertThat(e.code()).isEqualTo(StepDeadline.EXCEEDED);
                    assertThat(e.getMessage()).isEqualTo("Provisioning step 'creating' did not finish within its"
                            + " deadline of 5m: sandbox s-1 was still creating");
                    assertThat(e.hint()).isEqualTo("raise daytona_create_timeout");
                });
        assertThat(steps).extracting(ProvisioningStep::phase).containsExactly(ProvisioningStep.Phase.STARTED,
                ProvisioningStep.Phase.FAILED);
        assertThat(steps).allSatisfy(step -> assertThat(step.deadline()).isEqualTo(Duration.ofMinutes(5)));
        assertThat(steps.getLast().detail()).startsWith("Provisioning step 'creating' did not finish");
    }

    @Test
    void aCommandKilledAtTheDeadlineIsReportedAsTheDeadlinesWithItsOwnWordsAfter() {
        WorkspaceException killed = new WorkspaceException("ssh_command_failed", "on h:22: exit status 124", null,
                null);

        assertThatThrownBy(() -> ProvisioningSteps.run(steps::add, "cloning", "url", Duration.ofSeconds(30), clock,
                deadline -> {
                    assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(30));
                    clock.advance(Duration.ofSeconds(31));
                    assertThat(deadline.remaining()).as("a command still gets a moment").isEqualTo(
                            Duration.ofSeconds(1));
                    throw killed;
                })).isInstanceOfSatisfying(WorkspaceException.class, e -> {
                    assertThat(e.code()).isEqualTo(StepDeadline.EXCEEDED);
                    assertThat(e.getMessage()).isEqualTo("Provisioning step 'cloning' did not finish within its"
                            + " deadline of 30s: on h:22: exit status 124");
                    assertThat(e.getCause()).isSameAs(killed);
                });
    }

    @Test
    void aFailureWithinTheDeadlineKeepsItsOwnCodeAndAStepDoneInTimeFinishes() {
        assertThatThrownBy(() -> ProvisioningSteps.run(steps::add, "setup 1/1", "make", Duration.ofMinutes(1), clock,
                deadline -> {
                    throw new WorkspaceException("ssh_command_failed", "boom", null, null);
                })).isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                .isEqualTo("ssh_command_failed"));

        String cloned = ProvisioningSteps.run(steps::add, "cloning", "url", Duration.ofMinutes(1), clock,
                deadline -> {
                    clock.advance(Duration.ofSeconds(59));
                    return "cloned";
                });
        assertThat(cloned).isEqualTo("cloned");
        assertThat(steps.getLast().phase()).isEqualTo(ProvisioningStep.Phase.FINISHED);
    }
}
