package dev.orbitdock.http;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.orbitdock.store.ConversationCommand;
import java.time.Instant;

/** One conversation row; {@code payload} is the stored JSON, passed through as it is. */
public record ConversationRow(String id, long sequence, String turnId, String rowType, @JsonRawValue String payload,
                       Instant createdAt, Instant updatedAt) {

    /** The row a committed command wrote, as {@code GET …/rows} would return it. */
    static ConversationRow of(ConversationCommand command, long sequence) {
        return switch (command) {
            case ConversationCommand.Append a -> new ConversationRow(a.rowId(), sequence, a.turnId(), a.rowType(),
                    a.payload().toString(), a.at(), a.at());
            // An upsert keeps the row's first created_at, which the command does not carry; it is only a replacement.
            case ConversationCommand.Upsert u -> new ConversationRow(u.rowId(), sequence, u.turnId(), u.rowType(),
                    u.payload().toString(), null, u.at());
        };
    }
}
