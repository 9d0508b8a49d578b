package dev.orbitdock.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orbitdock.common.Patch;
import java.time.Instant;

/** Readable builders for the commands tests use most. */
final class Commands {
    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    private Commands() {}

    static SessionCommand.Create session(String id) {
        return new SessionCommand.Create(id, "claude", "working", null, null, "/tmp/work", "sonnet", T0);
    }

    static ConversationCommand.Append append(String rowId, String sessionId, String text) {
        return new ConversationCommand.Append(rowId, sessionId, "turn-1", "assistant",
                JsonNodeFactory.instance.objectNode().put("text", text), T0);
    }

    static ConversationCommand.Upsert upsert(String rowId, String sessionId, String text) {
        return new ConversationCommand.Upsert(rowId, sessionId, "turn-1", "assistant",
                JsonNodeFactory.instance.objectNode().put("text", text), T0);
    }

    static SessionCommand.Update sessionStatus(String id, String status) {
        return new SessionCommand.Update(id, Patch.set(status), Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.absent(), Patch.absent());
    }
}
