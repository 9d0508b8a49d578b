package dev.orbitdock.mission;

import java.time.Instant;
import java.util.List;

/** A mission issue as clients see it, with the moves a person may make next ({@code allowed_transitions}). */
public record IssueSummary(String id, String missionId, String identifier, String title, String url, String state,
                           int attempt, String workspaceId, String sessionId, Instant retryDueAt, String lastError,
                           String prUrl, Instant updatedAt, List<String> allowedTransitions) {

    public static IssueSummary of(MissionIssue i) {
        return new IssueSummary(i.id(), i.missionId(), i.identifier(), i.title(), i.url(), i.state().wire(),
                i.attempt(), i.workspaceId(), i.sessionId(), i.retryDueAt(), i.lastError(), i.prUrl(), i.updatedAt(),
                Transitions.manualFrom(i.state()).stream().map(OrchestrationState::wire).sorted().toList());
    }
}
