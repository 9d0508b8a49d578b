package dev.orbitdock.auth;

import java.util.Objects;
import java.util.Optional;

/** What a token may do: the whole API, or sync for one workspace. */
public sealed interface TokenScope {

    /** Stored and shown form: {@code api} or {@code workspace:<id>}. */
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
        return Optional.empty();
    }
}
