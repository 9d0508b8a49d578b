package dev.orbitdock.http;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose every test gets its own started {@link TestServer} (subclass {@code @BeforeEach}es run after this one). */
abstract class RunningServerTest {
    @TempDir
    Path dir;
    TestServer test;

    @BeforeEach
    final void startServer() {
        test = TestServer.start(dir);
    }

    @AfterEach
    final void stopServer() {
        test.close();
    }
}
