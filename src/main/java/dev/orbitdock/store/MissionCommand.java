package dev.orbitdock.store;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/** Mutations of {@code missions}. */
public sealed interface MissionCommand extends PersistCommand {
    String missionId();

    /** Registers a mission or refreshes its parsed MISSION.md ({@code config} null and {@code parseError} set when it did not parse). */
    @JsonTypeName("mission.upsert")
    record Upsert(String missionId, String name, String repoPath, String tracker, JsonNode config, String parseError,
                  Instant at) implements MissionCommand {
        public Upsert {
            Objects.requireNonNull(missionId, "missionId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(repoPath, "repoPath");
            Objects.requireNonNull(at, "at");
        }
    }

    @JsonTypeName("mission.set_paused")
    record SetPaused(String missionId, boolean paused, Instant at) implements MissionCommand {
        public SetPaused {
            Objects.requireNonNull(missionId, "missionId");
            Objects.requireNonNull(at, "at");
        }
    }

    /** The outcome of one poll of the mission's tracker; {@code error} null when it succeeded. */
    @JsonTypeName("mission.poll_result")
    record PollResult(String missionId, Instant at, String error) implements MissionCommand {
        public PollResult {
            Objects.requireNonNull(missionId, "missionId");
            Objects.requireNonNull(at, "at");
        }
    }

    /** Asks the orchestrator to poll now instead of at the next interval. */
    @JsonTypeName("mission.trigger")
    record Trigger(String missionId, Instant at) implements MissionCommand {
        public Trigger {
            Objects.requireNonNull(missionId, "missionId");
            Objects.requireNonNull(at, "at");
        }
    }

    @JsonTypeName("mission.delete")
    record Delete(String missionId) implements MissionCommand {
        public Delete {
            Objects.requireNonNull(missionId, "missionId");
        }
    }
}
