package dev.orbitdock.mission;

import dev.orbitdock.common.Patch;
import dev.orbitdock.store.MissionIssueCommand;
import java.time.Instant;

/** Builds a {@link MissionIssueCommand.Update} naming only the fields that change. */
final class IssueUpdate {
    private final String issueId;
    private final Instant at;
    private Patch<String> title = Patch.absent();
    private Patch<String> state = Patch.absent();
    private Patch<Integer> attempt = Patch.absent();
    private Patch<String> workspaceId = Patch.absent();
    private Patch<String> sessionId = Patch.absent();
    private Patch<Instant> retryDueAt = Patch.absent();
    private Patch<String> lastError = Patch.absent();
    private Patch<String> prUrl = Patch.absent();

    IssueUpdate(String issueId, Instant at) {
        this.issueId = issueId;
        this.at = at;
    }

    IssueUpdate title(String value) {
        title = Patch.set(value);
        return this;
    }

    IssueUpdate state(OrchestrationState value) {
        state = Patch.set(value.wire());
        return this;
    }

    IssueUpdate attempt(int value) {
        attempt = Patch.set(value);
        return this;
    }

    IssueUpdate run(String workspace, String session) {
        workspaceId = Patch.set(workspace);
        sessionId = Patch.set(session);
        return this;
    }

    IssueUpdate retryDueAt(Instant value) {
        retryDueAt = Patch.ofNullable(value);
        return this;
    }

    IssueUpdate lastError(String value) {
        lastError = Patch.ofNullable(value);
        return this;
    }

    IssueUpdate prUrl(String value) {
        prUrl = Patch.set(value);
        return this;
    }

    MissionIssueCommand.Update build() {
        return new MissionIssueCommand.Update(issueId, title, state, attempt, workspaceId, sessionId, retryDueAt,
                lastError, prUrl, Patch.absent(), Patch.absent(), at);
    }
}
