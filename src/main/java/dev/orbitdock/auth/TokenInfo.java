package dev.orbitdock.auth;

import java.time.Instant;

/** A token as listed: everything but its secret. */
public record TokenInfo(String id, String label, TokenScope scope, Instant createdAt, Instant expiresAt,
                        Instant revokedAt) {

    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
