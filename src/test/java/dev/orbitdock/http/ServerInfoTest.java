package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerInfoTest {
    @TempDir
    Path dir;
    TestServer test;

    @BeforeEach
    void start() {
        test = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void describesTheRunningServer() {
        JsonNode info = TestServer.json(test.get("/api/server", test.apiToken()));

        assertThat(info.get("version").asText()).isEqualTo(TestServer.VERSION);
        assertThat(info.get("bind").asText()).isEqualTo("127.0.0.1:" + test.server.port());
        assertThat(Instant.parse(info.get("started_at").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(info.get("uptime_seconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(info.get("data_file").asText()).isEqualTo(dir.resolve("orbitdock.db").toAbsolutePath().toString());
    }
}
