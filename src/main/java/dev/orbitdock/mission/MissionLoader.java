package dev.orbitdock.mission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.store.MissionCommand;
import dev.orbitdock.store.PersistenceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads a mission's MISSION.md, and records what it says (the parsed config, or the problems with line and
 * column) on the mission row whenever that changes, so {@code mission show} always tells the truth.
 */
final class MissionLoader {
    static final String FILE_NAME = "MISSION.md";

    /** A mission whose MISSION.md parsed; {@code configJson} is the config as stored (not to be modified). */
    record Loaded(MissionRecord mission, MissionConfig config, PromptTemplate template, JsonNode configJson) {

        /** The agent's own MISSION.md section ({@code agent.<kind>}), a copy the agent may keep. */
        JsonNode agentSettings(MissionConfig.AgentKind kind) {
            return configJson.path("agent").path(kind.wire()).deepCopy();
        }
    }

    private final PersistenceWriter writer;
    private final Clock clock;
    /** The last parse per mission: MISSION.md is re-read on every pass but only re-parsed when it changed. */
    private final java.util.Map<String, Parse> lastParse = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code configText} is {@code configJson} as stored, serialized once per parse rather than on every pass. */
    private record Parse(String text, MissionFile.Result result, PromptTemplate template, JsonNode configJson,
                         String configText) {}

    MissionLoader(PersistenceWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /** The parsed mission, or null when MISSION.md is missing or invalid (the reason is stored on the mission). */
    Loaded load(MissionRecord mission) {
        Path file = mission.repoPath().resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            record(mission, null, null, null, file + " does not exist");
            return null;
        } catch (IOException e) {
            record(mission, null, null, null, "cannot read " + file + ": " + e.getMessage());
            return null;
        }
        Parse parse = lastParse.get(mission.id());
        if (parse == null || !parse.text().equals(text)) {
            MissionFile.Result result = MissionFile.parse(text);
            if (result instanceof MissionFile.Parsed parsed) {
                JsonNode json = parsed.config().toJson();
                parse = new Parse(text, result, PromptTemplate.compile(parsed.promptTemplate()), json, json.toString());
            } else {
                parse = new Parse(text, result, null, null, null);
            }
            lastParse.put(mission.id(), parse);
        }
        return switch (parse.result()) {
            case MissionFile.Parsed parsed -> {
                MissionConfig config = parsed.config();
                String name = config.name() != null ? config.name() : mission.name();
                record(mission, name, parse.configJson(), parse.configText(), null);
                yield new Loaded(mission, config, parse.template(), parse.configJson());
            }
            case MissionFile.Invalid invalid -> {
                record(mission, null, null, null, invalid.problems().stream()
                        .map(p -> p.format(FILE_NAME))
                        .collect(Collectors.joining("\n")));
                yield null;
            }
        };
    }

    private void record(MissionRecord mission, String name, JsonNode config, String configText, String parseError) {
        String configJson = config == null ? mission.configJson() : configText;
        String newName = name == null ? mission.name() : name;
        String tracker = config == null ? mission.tracker() : config.path("tracker").path("kind").asText(null);
        boolean changed = !Objects.equals(configJson, mission.configJson())
                || !Objects.equals(parseError, mission.parseError()) || !Objects.equals(newName, mission.name());
        if (changed) {
            writer.write(new MissionCommand.Upsert(mission.id(), newName, mission.repoPath().toString(), tracker,
                    configJson == null ? null : readTree(configJson), parseError, clock.instant()));
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored mission config is not JSON", e);
        }
    }
}
