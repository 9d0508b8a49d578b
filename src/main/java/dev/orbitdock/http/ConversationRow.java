package dev.orbitdock.http;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/** One conversation row; {@code payload} is the stored JSON, passed through as it is. */
public record ConversationRow(String id, long sequence, String turnId, String rowType, @JsonRawValue String payload,
                       Instant createdAt, Instant updatedAt) {}
