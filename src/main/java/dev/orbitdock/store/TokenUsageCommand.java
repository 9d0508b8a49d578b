package dev.orbitdock.store;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** Mutations of {@code token_usage}: one row per reported usage, summed by readers. */
public sealed interface TokenUsageCommand extends PersistCommand {

    @JsonTypeName("token_usage.add")
    record Add(String sessionId, String turnId, String model, long inputTokens, long outputTokens,
               long cachedInputTokens, BigDecimal costUsd, Instant recordedAt) implements TokenUsageCommand {
        public Add {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(costUsd, "costUsd");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }
    }
}
