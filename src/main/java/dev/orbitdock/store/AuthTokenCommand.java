package dev.orbitdock.store;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.Objects;

/** Mutations of {@code auth_tokens}. Only a salted hash of a token's secret is ever stored. */
public sealed interface AuthTokenCommand extends PersistCommand {
    String tokenId();

    @JsonTypeName("auth_token.create")
    record Create(String tokenId, String label, String scope, String salt, String hash, Instant createdAt,
                  Instant expiresAt) implements AuthTokenCommand {
        public Create {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(salt, "salt");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    @JsonTypeName("auth_token.revoke")
    record Revoke(String tokenId, Instant revokedAt) implements AuthTokenCommand {
        public Revoke {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(revokedAt, "revokedAt");
        }
    }
}
