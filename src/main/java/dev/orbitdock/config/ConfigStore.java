package dev.orbitdock.config;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.store.ConfigCommand;
import dev.orbitdock.store.Database;
import dev.orbitdock.store.PersistCommand;
import dev.orbitdock.store.PersistenceWriter;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Settings, resolved as flag &gt; environment ({@code ORBITDOCK_…}) &gt; config table &gt; default. Secret values are
 * encrypted before they reach the writer and decrypted only when read here.
 */
public final class ConfigStore {
    private final Database database;
    private final PersistenceWriter writer;
    private final SecretKeyFile keyFile;
    private final Map<String, String> env;
    private final Map<String, String> flags;
    private final Clock clock;
    private final SecureRandom random;

    public ConfigStore(Database database, PersistenceWriter writer, SecretKeyFile keyFile, Map<String, String> env,
                       Map<String, String> flags, Clock clock, SecureRandom random) {
        this.database = database;
        this.writer = writer;
        this.keyFile = keyFile;
        this.env = Map.copyOf(env);
        this.flags = Map.copyOf(flags);
        this.clock = clock;
        this.random = random;
    }

    /** The same store with command-line overrides for this run (key name → value). */
    public ConfigStore withFlags(Map<String, String> overrides) {
        overrides.keySet().forEach(ConfigKeys::require);
        Map<String, String> merged = new LinkedHashMap<>(flags);
        merged.putAll(overrides);
        return new ConfigStore(database, writer, keyFile, env, merged, clock, random);
    }

    public ConfigValue get(String name) {
        return resolve(ConfigKeys.require(name));
    }

    public ConfigValue resolve(ConfigKey key) {
        String flag = flags.get(key.name());
        if (flag != null) {
            return checked(key, flag, ConfigSource.FLAG, "command line");
        }
        String fromEnv = env.get(key.envVar());
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return checked(key, fromEnv, ConfigSource.ENV, key.envVar());
        }
        Optional<String> stored = storedValue(key.name());
        if (stored.isPresent()) {
            return new ConfigValue(key, open(key, stored.get()), ConfigSource.TABLE);
        }
        return key.defaultValue() != null
                ? new ConfigValue(key, key.defaultValue(), ConfigSource.DEFAULT)
                : new ConfigValue(key, null, ConfigSource.UNSET);
    }

    public List<ConfigValue> list() {
        return ConfigKeys.all().stream().map(this::resolve).toList();
    }

    public void set(String name, String value) {
        setAll(Map.of(name, value));
    }

    /** Validates every value first, then stores them all in one transaction (or none). */
    public void setAll(Map<String, String> values) {
        List<PersistCommand> commands = new ArrayList<>();
        values.forEach((name, value) -> {
            ConfigKey key = ConfigKeys.require(name);
            key.problem(value).ifPresent(problem -> {
                throw new InvalidConfigValueException(key, problem, null);
            });
            String stored = key.secret() ? box().encrypt(key.name(), value) : value;
            commands.add(new ConfigCommand.Set(key.name(), stored, clock.instant()));
        });
        writer.writeAll(commands);
    }

    public void unset(String name) {
        ConfigKey key = ConfigKeys.require(name);
        writer.write(new ConfigCommand.Unset(key.name()));
    }

    private ConfigValue checked(ConfigKey key, String value, ConfigSource source, String origin) {
        key.problem(value).ifPresent(problem -> {
            throw new InvalidConfigValueException(key, problem, origin);
        });
        return new ConfigValue(key, value, source);
    }

    private String open(ConfigKey key, String stored) {
        if (!SecretBox.isEncrypted(stored)) {
            return stored;
        }
        try {
            return box().decrypt(key.name(), stored);
        } catch (SecretBox.WrongKeyException e) {
            throw new OrbitDockException("secret_key_mismatch", "Cannot decrypt " + key.name() + ": "
                    + keyFile.path() + " is not the key it was encrypted with",
                    "restore the original secret.key, or set the value again: orbitdock config set " + key.name(), e);
        }
    }

    /**
     * The key to encrypt or decrypt with. A missing key file is created only when no encrypted value exists yet:
     * otherwise those values would silently become unreadable.
     */
    private SecretBox box() {
        Optional<SecretKey> key = keyFile.load();
        if (key.isEmpty()) {
            List<String> orphaned = encryptedKeys();
            if (!orphaned.isEmpty()) {
                throw new OrbitDockException("secret_key_missing", keyFile.path() + " is missing, but "
                        + orphaned.size() + " stored secret(s) were encrypted with it (" + String.join(", ", orphaned) + ")",
                        "restore secret.key from a backup, or discard those values: orbitdock config unset "
                                + String.join(" ", orphaned), null);
            }
            return new SecretBox(keyFile.loadOrCreate(), random);
        }
        return new SecretBox(key.get(), random);
    }

    private Optional<String> storedValue(String name) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM config WHERE key = ?")) {
                statement.setString(1, name);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private List<String> encryptedKeys() {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT key FROM config WHERE value LIKE 'enc:v1:%' ORDER BY key");
                 ResultSet rs = statement.executeQuery()) {
                List<String> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
                return keys;
            }
        });
    }
}
