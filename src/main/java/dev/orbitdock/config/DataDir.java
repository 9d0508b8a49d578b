package dev.orbitdock.config;

import dev.orbitdock.common.OrbitDockException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** Where OrbitDock keeps its database and key: {@code --data-dir} > {@code $ORBITDOCK_HOME} > {@code ~/.orbitdock}. */
public record DataDir(Path path) {
    public static final String ENV = "ORBITDOCK_HOME";
    public static final String DATABASE_FILE = "orbitdock.db";

    public static DataDir resolve(Path flag, Map<String, String> env) {
        if (flag != null) {
            return new DataDir(flag.toAbsolutePath().normalize());
        }
        String home = env.get(ENV);
        if (home != null && !home.isBlank()) {
            return new DataDir(Path.of(home).toAbsolutePath().normalize());
        }
        return new DataDir(Path.of(System.getProperty("user.home"), ".orbitdock"));
    }

    public Path databaseFile() {
        return path.resolve(DATABASE_FILE);
    }

    public Path secretKeyFile() {
        return path.resolve(SecretKeyFile.FILE_NAME);
    }

    /** Creates the directory (owner-only) if needed and proves it is writable. */
    public DataDir ensureWritable() {
        try {
            if (!Files.isDirectory(path)) {
                Files.createDirectories(path, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            Path probe = Files.createTempFile(path, ".write-test", ".tmp");
            Files.delete(probe);
            return this;
        } catch (FileAlreadyExistsException e) {
            throw unwritable("a file is in the way: " + e.getFile(), e);
        } catch (IOException | SecurityException e) {
            throw unwritable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private OrbitDockException unwritable(String cause, Exception e) {
        return new OrbitDockException("data_dir_unwritable", "Cannot use data dir " + path + " (" + cause + ")",
                "choose a writable directory with --data-dir or " + ENV, e);
    }
}
