package dev.orbitdock.auth;

/** A freshly created token: the only time its full value exists outside the caller's hands. */
public record IssuedToken(TokenInfo info, String token) {
    @Override
    public String toString() {
        return "IssuedToken[" + info.id() + "]";
    }
}
