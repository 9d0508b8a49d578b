package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerInfoTest extends RunningServerTest {

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
