package dev.orbitdock.config;

import dev.orbitdock.common.OrbitDockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The 256-bit key under which secret config values are encrypted: {@code <data dir>/secret.key}, mode 0600. */
public final class SecretKeyFile {
    public static final String FILE_NAME = "secret.key";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int KEY_BYTES = 32;

    private final Path file;
    private final SecureRandom random;

    public SecretKeyFile(Path file, SecureRandom random) {
        this.file = file;
        this.random = random;
    }

    public Path path() {
        return file;
    }

    /** The key, if the file exists; refuses a file that others can read or that is not a key. */
    public Optional<SecretKey> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!permissions.equals(OWNER_ONLY)) {
                throw new OrbitDockException("secret_key_permissions", file + " has mode "
                        + PosixFilePermissions.toString(permissions) + "; it must be readable by its owner only (rw-------)",
                        "run: chmod 600 " + file, null);
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("expected " + KEY_BYTES + " bytes, found " + key.length);
            }
            return Optional.of(new SecretKeySpec(key, "AES"));
        } catch (IOException | IllegalArgumentException e) {
            throw new OrbitDockException("secret_key_unreadable", "Cannot read the key in " + file + " ("
                    + e.getMessage() + ")", "restore the file from a backup", e);
        }
    }

    /** Loads the key, creating it (atomically, already 0600) when there is none. */
    public SecretKey loadOrCreate() {
        Optional<SecretKey> existing = load();
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), ".secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            // link() never replaces: if another process created the key first, theirs wins and we use it.
            Files.createLink(file, temp);
            return new SecretKeySpec(key, "AES");
        } catch (FileAlreadyExistsException e) {
            return load().orElseThrow();
        } catch (IOException e) {
            throw new OrbitDockException("secret_key_unwritable", "Cannot create " + file + " (" + e.getMessage() + ")",
                    "check that the data dir is writable", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file holds a key nobody uses
                }
            }
        }
    }
}
