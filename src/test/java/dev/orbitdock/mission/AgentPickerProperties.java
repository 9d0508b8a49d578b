package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbitdock.mission.AgentPicker.Role;
import dev.orbitdock.mission.MissionConfig.ProviderStrategy;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code provider.strategy} over random sequences of dispatch passes and finishing runs, against a model of the
 * active runs: the caps always hold and each strategy picks what MISSION.md promises.
 */
class AgentPickerProperties {

    /** A step: a dispatch attempt (-1) or the end of the active run at this index (modulo their number). */
    @Provide
    Arbitrary<List<Integer>> steps() {
        return Arbitraries.integers().between(-1, 20).list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void capsHoldAndEachStrategyPicksAsDocumented(@ForAll ProviderStrategy strategy,
                                                  @ForAll @IntRange(min = 1, max = 6) int maxConcurrent,
                                                  @ForAll @IntRange(min = 0, max = 6) int primaryCapOrNone,
                                                  @ForAll boolean hasSecondary,
                                                  @ForAll("steps") List<Integer> steps) {
        Integer maxPrimary = primaryCapOrNone == 0 ? null : Math.min(primaryCapOrNone, maxConcurrent);
        List<Role> active = new ArrayList<>();
        Role last = null;
        for (int step : steps) {
            if (step >= 0) {
                if (!active.isEmpty()) {
                    active.remove(step % active.size());
                }
                continue;
            }
            if (active.size() >= maxConcurrent) {
                continue; // the dispatcher's own cap
            }
            int activePrimary = (int) active.stream().filter(r -> r == Role.PRIMARY).count();
            boolean primaryFree = maxPrimary == null || activePrimary < maxPrimary;
            Role role = AgentPicker.pick(strategy, maxPrimary, hasSecondary, activePrimary, last);

            if (!hasSecondary || strategy == ProviderStrategy.SINGLE) {
                assertThat(role).as("only the primary, while it is under its cap").isEqualTo(primaryFree
                        ? Role.PRIMARY : null);
            } else if (strategy == ProviderStrategy.PRIORITY) {
                assertThat(role).as("the secondary only once the primary is at its cap").isEqualTo(primaryFree
                        ? Role.PRIMARY : Role.SECONDARY);
            } else {
                assertThat(role).as("round_robin always has a slot").isNotNull();
                assertThat(last == Role.PRIMARY && role == Role.PRIMARY).as("never the primary twice running")
                        .isFalse();
                assertThat(maxPrimary == null && last == Role.SECONDARY && role == Role.SECONDARY)
                        .as("without a primary cap, strict alternation").isFalse();
            }
            if (role != null) {
                active.add(role);
                last = role;
            }
            long primaries = active.stream().filter(r -> r == Role.PRIMARY).count();
            assertThat(maxPrimary == null || primaries <= maxPrimary).as("max_concurrent_primary holds").isTrue();
            if (!hasSecondary) {
                assertThat(active).as("no secondary configured").doesNotContain(Role.SECONDARY);
            }
        }
    }
}
