package dev.orbitdock.auth;

/** The outcome of checking a presented token. */
public sealed interface Verification {

    record Valid(TokenInfo token) implements Verification {}

    record Rejected(Reason reason) implements Verification {}

    enum Reason { MALFORMED, UNKNOWN, WRONG_SECRET, REVOKED, EXPIRED }
}
