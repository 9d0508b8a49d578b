package dev.orbitdock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Patch;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PersistCommandJsonTest {

    static Stream<Arguments> everyCommandInEveryPatchMode() {
        return StoreJson.commandTypes().stream().flatMap(type -> Stream.of(SampleCommands.PatchMode.values())
                .map(mode -> Arguments.of(type.getSimpleName(), type, mode)));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("everyCommandInEveryPatchMode")
    void roundTripsThroughJson(String name, Class<? extends PersistCommand> type, SampleCommands.PatchMode mode)
            throws JsonProcessingException {
        PersistCommand command = SampleCommands.sample(type, mode);

        String json = StoreJson.write(command);

        assertThat(StoreJson.read(json)).isEqualTo(command);
        assertThat(StoreJson.mapper().readTree(json).get("type").asText()).isEqualTo(StoreJson.typeName(type));
    }

    @Test
    void findsEveryLeafOfTheSealedHierarchy() {
        assertThat(StoreJson.commandTypes()).hasSizeGreaterThanOrEqualTo(17)
                .allSatisfy(type -> assertThat(type.isRecord()).as(type.getName()).isTrue());
    }

    @Test
    void typeNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (Class<? extends PersistCommand> type : StoreJson.commandTypes()) {
            assertThat(names.add(StoreJson.typeName(type))).as(StoreJson.typeName(type)).isTrue();
        }
    }

    @Test
    void absentClearAndSetPatchesAreDistinctOnTheWire() throws JsonProcessingException {
        var absent = new SessionCommand.Update("s1", Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(),
                Patch.absent(), Patch.absent());
        var clear = new SessionCommand.Update("s1", Patch.absent(), Patch.clear(), Patch.absent(), Patch.absent(),
                Patch.absent(), Patch.absent());

        JsonNode absentJson = StoreJson.mapper().readTree(StoreJson.write(absent));
        JsonNode clearJson = StoreJson.mapper().readTree(StoreJson.write(clear));

        assertThat(absentJson.has("model")).isFalse();
        assertThat(clearJson.has("model")).isTrue();
        assertThat(clearJson.get("model").isNull()).isTrue();
        assertThat(StoreJson.read(clearJson.toString())).isEqualTo(clear);
    }

    @Test
    void rejectsUnknownTypesAndFields() {
        assertThatThrownBy(() -> StoreJson.read("{\"type\":\"session.explode\",\"sessionId\":\"s\"}"))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> StoreJson.read("{\"type\":\"session.end\",\"sessionId\":\"s\","
                + "\"endedAt\":\"2026-01-01T00:00:00Z\",\"surprise\":1}"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void configValuesStayOutOfToString() {
        var set = new ConfigCommand.Set("anthropic_api_key", "enc:v1:secretish", java.time.Instant.EPOCH);
        assertThat(set.toString()).doesNotContain("secretish");
        assertThat(List.of(set).toString()).doesNotContain("secretish");
    }
}
