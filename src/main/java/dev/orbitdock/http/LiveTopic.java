package dev.orbitdock.http;

import java.util.Optional;

/**
 * What a {@code /ws} client can subscribe to: {@code dashboard}, {@code workspaces}, {@code mission:<id>} or
 * {@code session:<id>}.
 */
sealed interface LiveTopic {
    /** The wire form, echoed in every message about this topic. */
    String name();

    /** Every mission with its issue counts. */
    record Dashboard() implements LiveTopic {
        @Override
        public String name() {
            return "dashboard";
        }
    }

    /** Every workspace, destroyed ones included, with its sync health. */
    record Workspaces() implements LiveTopic {
        @Override
        public String name() {
            return "workspaces";
        }
    }

    /** One mission and all its issues (a board), with the provisioning steps of those being provisioned. */
    record Mission(String id) implements LiveTopic {
        @Override
        public String name() {
            return "mission:" + id;
        }
    }

    /** One session and its conversation rows (a transcript). */
    record Session(String id) implements LiveTopic {
        @Override
        public String name() {
            return "session:" + id;
        }
    }

    static Optional<LiveTopic> parse(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        if (wire.equals("dashboard")) {
            return Optional.of(new Dashboard());
        }
        if (wire.equals("workspaces")) {
            return Optional.of(new Workspaces());
        }
        int colon = wire.indexOf(':');
        String id = colon < 0 ? "" : wire.substring(colon + 1);
        if (id.isBlank()) {
            return Optional.empty();
        }
        return switch (wire.substring(0, colon)) {
            case "mission" -> Optional.of(new Mission(id));
            case "session" -> Optional.of(new Session(id));
            default -> Optional.empty();
        };
    }
}
