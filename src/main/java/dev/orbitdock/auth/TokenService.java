package dev.orbitdock.auth;

import dev.orbitdock.common.IdGenerator;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.store.AuthTokenCommand;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistenceWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API and workspace tokens: {@code odtk_<id>_<secret>}, 32 random secret bytes, stored as a salted SHA-256 and
 * compared in constant time. The id part lets verification find the row without scanning.
 */
public final class TokenService {
    private static final Pattern SHAPE = Pattern.compile("odtk_([0-9a-z]{12})_([0-9a-f]{64})");
    private static final int SECRET_BYTES = 32;
    private static final int SALT_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final Database database;
    private final PersistenceWriter writer;
    private final Clock clock;
    private final SecureRandom random;

    public TokenService(Database database, PersistenceWriter writer, Clock clock, SecureRandom random) {
        this.database = database;
        this.writer = writer;
        this.clock = clock;
        this.random = random;
    }

    /** @param ttl how long the token lives; null for no expiry */
    public IssuedToken create(String label, TokenScope scope, Duration ttl) {
        PreparedToken prepared = prepare(label, scope, ttl);
        writer.write(prepared.command());
        return prepared.issued();
    }

    /** A token and the command that stores it, for a caller that must commit it together with other rows. */
    public record PreparedToken(AuthTokenCommand.Create command, IssuedToken issued) {
        @Override
        public String toString() {
            return "PreparedToken[" + issued.info().id() + "]";
        }
    }

    /** Like {@link #create} but writes nothing: the caller commits {@link PreparedToken#command()}. */
    public PreparedToken prepare(String label, TokenScope scope, Duration ttl) {
        if (label == null || label.isBlank()) {
            throw new OrbitDockException("invalid_token_label", "A token needs a label", "pass --label <name>");
        }
        String id = IdGenerator.randomChars(random, 12);
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Instant now = clock.instant();
        Instant expiresAt = ttl == null ? null : now.plus(ttl);
        var command = new AuthTokenCommand.Create(id, label.strip(), scope.wire(), HEX.formatHex(salt),
                HEX.formatHex(hash(salt, secret)), now, expiresAt);
        TokenInfo info = new TokenInfo(id, label.strip(), scope, now, expiresAt, null);
        return new PreparedToken(command, new IssuedToken(info, "odtk_" + id + "_" + HEX.formatHex(secret)));
    }

    public List<TokenInfo> list() {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, label, scope, created_at, expires_at, revoked_at FROM auth_tokens ORDER BY created_at, id");
                 ResultSet rs = statement.executeQuery()) {
                List<TokenInfo> tokens = new ArrayList<>();
                while (rs.next()) {
                    tokens.add(info(rs));
                }
                return tokens;
            }
        });
    }

    public TokenInfo revoke(String id) {
        TokenInfo token = find(id).orElseThrow(() -> new OrbitDockException("token_not_found",
                "No token with id '" + id + "'", "list tokens with: orbitdock token list"));
        writer.write(new AuthTokenCommand.Revoke(id, clock.instant()));
        return find(id).orElse(token);
    }

    /** True when at least one unrevoked, unexpired API-scoped token exists. */
    public boolean hasActiveApiToken() {
        Instant now = clock.instant();
        return list().stream().anyMatch(t -> t.scope() instanceof TokenScope.Api && t.activeAt(now));
    }

    public Verification verify(String presented) {
        Matcher matcher = presented == null ? null : SHAPE.matcher(presented.strip());
        if (matcher == null || !matcher.matches()) {
            return new Verification.Rejected(Verification.Reason.MALFORMED);
        }
        String id = matcher.group(1);
        byte[] secret = HEX.parseHex(matcher.group(2));
        Optional<StoredToken> stored = database.read(connection -> stored(connection, id));
        if (stored.isEmpty()) {
            return new Verification.Rejected(Verification.Reason.UNKNOWN);
        }
        StoredToken token = stored.get();
        if (!MessageDigest.isEqual(token.hash(), hash(token.salt(), secret))) {
            return new Verification.Rejected(Verification.Reason.WRONG_SECRET);
        }
        if (token.info().revokedAt() != null) {
            return new Verification.Rejected(Verification.Reason.REVOKED);
        }
        if (!token.info().activeAt(clock.instant())) {
            return new Verification.Rejected(Verification.Reason.EXPIRED);
        }
        return new Verification.Valid(token.info());
    }

    public Optional<TokenInfo> find(String id) {
        return database.read(connection -> stored(connection, id)).map(StoredToken::info);
    }

    private record StoredToken(TokenInfo info, byte[] salt, byte[] hash) {}

    private static Optional<StoredToken> stored(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, label, scope, created_at,"
                + " expires_at, revoked_at, salt, hash FROM auth_tokens WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredToken(info(rs), HEX.parseHex(rs.getString("salt")),
                        HEX.parseHex(rs.getString("hash"))));
            }
        }
    }

    private static TokenInfo info(ResultSet rs) throws SQLException {
        String scope = rs.getString("scope");
        return new TokenInfo(rs.getString("id"), rs.getString("label"),
                TokenScope.parse(scope).orElseThrow(() -> new IllegalStateException("stored scope " + scope)),
                instant(rs.getString("created_at")), instant(rs.getString("expires_at")),
                instant(rs.getString("revoked_at")));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static byte[] hash(byte[] salt, byte[] secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            digest.update(secret);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
        }
    }

}
