package dev.orbitdock.app;

import dev.orbitdock.common.OrbitDockException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One server per data dir: a second orchestrator over the same database would treat the first one's running
 * agents as orphans of a crash and stop them. The OS releases the lock when the process dies, however it dies.
 */
final class ServerLock implements AutoCloseable {
    static final String FILE_NAME = "server.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ServerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static ServerLock acquire(Path dataDir) {
        return tryAcquire(dataDir).orElseThrow(() -> {
            String holder = holder(dataDir.resolve(FILE_NAME));
            return new OrbitDockException("server_already_running", "Another OrbitDock server is running with"
                    + " data dir " + dataDir + (holder.isEmpty() ? "" : " (pid " + holder + ")"),
                    "stop it first, or pass another --data-dir");
        });
    }

    /** The lock, or empty when a server holds it. */
    static Optional<ServerLock> tryAcquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.US_ASCII)));
            return Optional.of(new ServerLock(channel, lock));
        } catch (IOException e) {
            throw new OrbitDockException("server_lock_failed", "Cannot lock " + file + ": " + e.getMessage(),
                    "check that the data dir is writable", e);
        }
    }

    /** Null when held, by another process or by this one (a server started in this JVM). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static String holder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending; the OS drops the lock anyway
        }
    }
}
