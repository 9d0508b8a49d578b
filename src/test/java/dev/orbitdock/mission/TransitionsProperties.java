package dev.orbitdock.mission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TransitionsProperties {

    @Test
    void everyStateIsReachableFromQueued() {
        assertThat(reachable(OrchestrationState.QUEUED, true)).containsExactlyInAnyOrder(OrchestrationState.values());
    }

    @Test
    void withoutPeopleEveryStateEndsSettled() {
        for (OrchestrationState state : OrchestrationState.values()) {
            Set<OrchestrationState> ahead = reachable(state, false);
            assertThat(ahead.stream().anyMatch(OrchestrationState::isSettled)
                    || ahead.contains(OrchestrationState.QUEUED)).as(state.wire()).isTrue();
        }
    }

    @Test
    void settledStatesOnlyMoveByHand() {
        for (OrchestrationState state : OrchestrationState.values()) {
            if (state.isSettled() && state != OrchestrationState.FAILED) {
                assertThat(Transitions.automaticFrom(state)).as(state.wire()).isEmpty();
            }
        }
        assertThat(Transitions.manualFrom(OrchestrationState.COMPLETED)).isEmpty();
    }

    @Test
    void peopleCannotTouchIssuesThatHoldASlot() {
        for (OrchestrationState state : OrchestrationState.values()) {
            if (state.isActive()) {
                assertThat(Transitions.manualFrom(state)).as(state.wire()).isEmpty();
            }
        }
    }

    @Property
    void randomRequestsOnlyEverFollowTheTable(@ForAll @Size(max = 60) List<OrchestrationState> requests,
                                              @ForAll @Size(max = 60) List<Boolean> manual) {
        OrchestrationState state = OrchestrationState.QUEUED;
        for (int i = 0; i < requests.size(); i++) {
            OrchestrationState target = requests.get(i);
            boolean byHand = i < manual.size() && manual.get(i);
            boolean allowed = byHand ? Transitions.manualAllowed(state, target)
                    : Transitions.automaticAllowed(state, target);
            if (allowed) {
                assertThat(state).isNotEqualTo(target);
                state = target;
            }
        }
        assertThat(reachable(OrchestrationState.QUEUED, true)).contains(state);
    }

    @Property
    void backoffDoublesFromTenSecondsUpToTheCap(@ForAll @IntRange(min = 1, max = 200) int attempt,
                                                 @ForAll @IntRange(min = 1, max = 100_000) int capSeconds) {
        Duration cap = Duration.ofSeconds(capSeconds);
        Duration delay = RetryPolicy.backoff(attempt, cap);

        assertThat(delay).isLessThanOrEqualTo(cap).isPositive();
        if (attempt > 1 && delay.compareTo(cap) < 0) {
            assertThat(RetryPolicy.backoff(attempt - 1, cap).multipliedBy(2)).isEqualTo(delay);
        }
        assertThat(RetryPolicy.backoff(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(10));
        assertThat(RetryPolicy.backoff(3, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(40));
    }

    private static Set<OrchestrationState> reachable(OrchestrationState from, boolean includeManual) {
        Set<OrchestrationState> seen = EnumSet.of(from);
        ArrayDeque<OrchestrationState> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            OrchestrationState state = todo.poll();
            Set<OrchestrationState> next = EnumSet.noneOf(OrchestrationState.class);
            next.addAll(Transitions.automaticFrom(state));
            if (includeManual) {
                next.addAll(Transitions.manualFrom(state));
            }
            for (OrchestrationState n : next) {
                if (seen.add(n)) {
                    todo.add(n);
                }
            }
        }
        return seen;
    }
}
