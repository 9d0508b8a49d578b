package dev.orbitdock.mission;

import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.mission.AgentPicker.Role;
import dev.orbitdock.mission.MissionConfig.AgentKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims a mission's queued issues (priority, then age) while {@code max_concurrent} and the agents' caps allow,
 * choosing each one's agent by {@code provider.strategy}. Caps count claimed, provisioning and running issues.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Set<OrchestrationState> ACTIVE_OR_QUEUED = EnumSet.of(OrchestrationState.QUEUED,
            OrchestrationState.CLAIMED, OrchestrationState.PROVISIONING, OrchestrationState.RUNNING);

    /** A claimed issue (as it is now, with its run's ids) and the agent chosen for it. */
    record Claim(MissionIssue issue, AgentKind agent) {}

    /**
     * The role each active issue was dispatched with, and the last role, per mission. Memory is enough: an issue
     * that is active when the server stops is failed at the next start, or (a remote run whose workspace is still
     * alive) re-adopted and counted as primary below.
     */
    private static final class Slots {
        final Map<String, Role> roles = new ConcurrentHashMap<>();
        volatile Role last;
    }

    private final MissionQueries queries;
    private final IdGenerator ids;
    private final IssueStates states;
    private final Map<String, Slots> slots = new ConcurrentHashMap<>();

    Dispatcher(MissionQueries queries, IdGenerator ids, IssueStates states) {
        this.queries = queries;
        this.ids = ids;
        this.states = states;
    }

    List<Claim> claim(String missionId, MissionConfig config) {
        return states.exclusively(() -> {
            Slots mission = slots.computeIfAbsent(missionId, id -> new Slots());
            List<MissionIssue> issues = queries.issues(missionId, ACTIVE_OR_QUEUED);
            Set<String> active = issues.stream().filter(i -> i.state().isActive()).map(MissionIssue::id)
                    .collect(Collectors.toSet());
            mission.roles.keySet().retainAll(active);
            // An active issue without a role here was not dispatched by this run; counting it as primary is safe.
            int activePrimary = (int) active.stream()
                    .filter(id -> mission.roles.getOrDefault(id, Role.PRIMARY) == Role.PRIMARY).count();
            int capacity = config.provider().maxConcurrent() - active.size();
            AgentKind secondary = config.secondaryAgent();
            List<Claim> claimed = new ArrayList<>();
            for (MissionIssue issue : issues.stream().filter(i -> i.state() == OrchestrationState.QUEUED)
                    .sorted(MissionIssue.DISPATCH_ORDER).toList()) {
                Role role = claimed.size() < capacity ? AgentPicker.pick(config.provider().strategy(),
                        config.provider().maxConcurrentPrimary(), secondary != null, activePrimary, mission.last)
                        : null;
                if (role == null) {
                    break;
                }
                String workspaceId = ids.newId();
                String sessionId = ids.newId();
                states.advance(issue.id(), OrchestrationState.QUEUED, OrchestrationState.CLAIMED,
                        u -> u.attempt(issue.attempt() + 1).run(workspaceId, sessionId).lastError(null));
                mission.roles.put(issue.id(), role);
                mission.last = role;
                activePrimary += role == Role.PRIMARY ? 1 : 0;
                AgentKind agent = role == Role.PRIMARY ? config.primaryAgent() : secondary;
                log.debug("{} claimed for the {} agent ({})", issue.identifier(), role, agent.wire());
                claimed.add(new Claim(queries.issue(issue.id()).orElseThrow(), agent));
            }
            return claimed;
        });
    }
}
