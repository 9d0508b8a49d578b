package dev.orbitdock.mission;

import dev.orbitdock.common.OrbitDockException;
import java.util.Set;
import java.util.stream.Collectors;

/** A move the transition table does not allow from the issue's current state. */
public final class InvalidTransitionException extends OrbitDockException {
    InvalidTransitionException(MissionIssue issue, OrchestrationState to, Set<OrchestrationState> allowed) {
        super("invalid_transition", issue.identifier() + " is " + issue.state().wire() + " and cannot move to "
                        + to.wire(),
                allowed.isEmpty() ? "nothing can be done by hand while it is " + issue.state().wire()
                        : "allowed from " + issue.state().wire() + ": "
                        + allowed.stream().map(OrchestrationState::wire).sorted().collect(Collectors.joining(", ")));
    }
}
