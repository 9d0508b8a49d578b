package dev.orbitdock.mission;

import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.mission.AgentPicker.Role;
import dev.orbitdock.mission.MissionConfig.AgentKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims a mission's queued issues (priority, then age) while {@code max_concurrent} and the agents' caps allow,
 * choosing each one's agent by {@code provider.strategy}. Caps count claimed, provisioning and running issues.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

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
            Set<String> active = queries.activeIssueIds(missionId);
            mission.roles.keySet().retainAll(active);
            int capacity = config.provider().maxConcurrent() - active.size();
            if (capacity <= 0) {
                return List.of();
            }
            // An active issue without a role here was not dispatched by this run; counting it as primary is safe.
            int activePrimary = (int) active.stream()
                    .filter(id -> mission.roles.getOrDefault(id, Role.PRIMARY) == Role.PRIMARY).count();
            AgentKind secondary = config.secondaryAgent();
            List<Claim> claimed = new ArrayList<>();
            for (MissionQueries.Queued issue : queries.queued(missionId)) {
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
                MissionIssue now = queries.issue(issue.id()).orElseThrow();
                log.debug("{} claimed for the {} agent ({})", now.identifier(), role, agent.wire());
                claimed.add(new Claim(now, agent));
            }
            return claimed;
        });
    }
}
