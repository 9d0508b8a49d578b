package dev.orbitdock.auth;

import java.util.Objects;
import java.util.Optional;

/** What a token may do: the whole API, sync for one workspace, or the mission tools of one mission issue. */
public sealed interface TokenScope {

    /** Stored and shown form: {@code api}, {@code workspace:<id>} or {@code issue:<mission issue id>}. */
    String wire();

    record Api() implements TokenScope {
        @Override
        public String wire() {
            return "api";
        }
    }

    record Workspace(String workspaceId) implements TokenScope {
        public Workspace {
            Objects.requireNonNull(workspaceId, "workspaceId");
            if (workspaceId.isBlank()) {
                throw new IllegalArgumentException("workspace id must not be blank");
            }
        }

        @Override
        public String wire() {
            return "workspace:" + workspaceId;
        }
    }

    /** An agent's run on one mission issue: the mission tools routes for that issue only. */
    record Issue(String missionIssueId) implements TokenScope {
        public Issue {
            Objects.requireNonNull(missionIssueId, "missionIssueId");
            if (missionIssueId.isBlank()) {
                throw new IllegalArgumentException("mission issue id must not be blank");
            }
        }

        @Override
        public String wire() {
            return "issue:" + missionIssueId;
        }
    }

    static TokenScope api() {
        return new Api();
    }

    static Optional<TokenScope> parse(String wire) {
        if ("api".equals(wire)) {
            return Optional.of(new Api());
        }
        if (wire != null && wire.startsWith("workspace:") && wire.length() > "workspace:".length()) {
            return Optional.of(new Workspace(wire.substring("workspace:".length())));
        }
        if (wire != null && wire.startsWith("issue:") && wire.length() > "issue:".length()) {
            return Optional.of(new Issue(wire.substring("issue:".length())));
        }
        return Optional.empty();
    }
}
