package dev.orbitdock.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The managed instance's agent process, written down so that an instance started after a crash ({@code kill -9})
 * can end the agent the dead one left behind. The start time guards against a reused pid.
 */
final class AgentPidFile {
    private final Path file;

    AgentPidFile(Path dataDir) {
        this.file = dataDir.resolve("agent.pid");
    }

    void write(long pid) {
        Optional<Instant> started = ProcessHandle.of(pid).flatMap(p -> p.info().startInstant());
        var json = Json.mapper().createObjectNode().put("pid", pid);
        started.ifPresent(at -> json.put("started_at", at.toString()));
        try {
            Files.writeString(file, json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The recorded agent if it still runs as the same process. */
    Optional<ProcessHandle> liveAgent() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = Json.mapper().readTree(Files.readString(file));
            String started = json.path("started_at").asText(null);
            return ProcessHandle.of(json.path("pid").asLong()).filter(ProcessHandle::isAlive)
                    .filter(p -> started != null && p.info().startInstant().map(at -> at.toString().equals(started))
                            .orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: nothing we can prove is ours
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
