package dev.orbitdock.mission;

import dev.orbitdock.common.Durations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.mission.MissionConfig.AgentConfig;
import dev.orbitdock.mission.MissionConfig.AgentKind;
import dev.orbitdock.mission.MissionConfig.Argv;
import dev.orbitdock.mission.MissionConfig.CommandAgentConfig;
import dev.orbitdock.mission.MissionConfig.CommandRun;
import dev.orbitdock.mission.MissionConfig.OrchestrationConfig;
import dev.orbitdock.mission.MissionConfig.ProviderConfig;
import dev.orbitdock.mission.MissionConfig.ProviderStrategy;
import dev.orbitdock.mission.MissionConfig.Retention;
import dev.orbitdock.mission.MissionConfig.Shell;
import dev.orbitdock.mission.MissionConfig.TrackerConfig;
import dev.orbitdock.mission.MissionConfig.TrackerKind;
import dev.orbitdock.mission.MissionConfig.TriggerConfig;
import dev.orbitdock.mission.MissionConfig.TriggerFilters;
import dev.orbitdock.mission.MissionConfig.TriggerKind;
import dev.orbitdock.mission.MissionConfig.WorkspaceConfig;
import dev.orbitdock.mission.MissionConfig.WorkspaceResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link MissionConfig#toJson()} / {@link MissionConfig#fromJson} (the {@code missions.config_json} column). */
class MissionFileJsonRoundTripTest {

    static MissionConfig roundTrip(MissionConfig config) throws Exception {
        String stored = Json.mapper().writeValueAsString(config.toJson());
        return MissionConfig.fromJson(Json.mapper().readTree(stored));
    }

    @Test
    void defaultsRoundTrip() throws Exception {
        assertThat(roundTrip(MissionConfig.defaults())).isEqualTo(MissionConfig.defaults());
    }

    @Test
    void exampleRoundTrips() throws Exception {
        MissionConfig config = MissionFileTest.parsed(MissionFileTest.example()).config();

        assertThat(roundTrip(config)).isEqualTo(config);
    }

    @Test
    void jsonIsSnakeCaseWithCompactDurations() {
        JsonNode json = MissionFileTest.parsed(MissionFileTest.example()).config().toJson();

        assertThat(json.at("/orchestration/max_retries").asInt()).isEqualTo(2);
        assertThat(json.at("/orchestration/heartbeat_timeout").asText()).isEqualTo("1m30s");
        assertThat(json.at("/trigger/interval").asText()).isEqualTo("2m");
        assertThat(json.at("/provider/strategy").asText()).isEqualTo("priority");
        assertThat(json.at("/workspace/retention").asText()).isEqualTo("keep_duration");
        assertThat(json.at("/tracker/project_number").asInt()).isEqualTo(7);
        assertThat(json.at("/agent/claude/model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(json.at("/agent/command/run").isNull()).isTrue();
        assertThat(json.at("/tracker/directory").isNull()).isTrue();
    }

    @Test
    void missingKeysReadAsDefaults() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putObject("orchestration").put("max_retries", 9);

        MissionConfig config = MissionConfig.fromJson(json);

        assertThat(config.orchestration().maxRetries()).isEqualTo(9);
        assertThat(config.agent()).isEqualTo(AgentConfig.defaults());
    }

    @Test
    void invalidStoredJsonThrowsOneException() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putObject("orchestration").put("max_retries", "many").put("colour", "red");

        assertThatThrownBy(() -> MissionConfig.fromJson(json))
                .isInstanceOfSatisfying(OrbitDockException.class, e -> {
                    assertThat(e.code()).isEqualTo("mission_config_invalid");
                    assertThat(e.getMessage()).isEqualTo("stored mission config is invalid: "
                            + "unknown key 'colour' in orchestration (valid: max_retries, max_backoff, stall_timeout, "
                            + "heartbeat_timeout, base_branch, worktree_root_dir, state_on_dispatch, state_on_complete, "
                            + "state_on_failure); orchestration.max_retries must be a whole number (got 'many')");
                });
    }

    @ParameterizedTest
    @CsvSource({"PT0.250S, 250ms", "PT1M, 1m", "PT1M30S, 1m30s", "PT26H, 1d2h", "PT0.000001S, PT0.000001S",
            "PT0S, 0s"})
    void durationsAreWrittenCompactly(Duration duration, String text) {
        assertThat(Durations.format(duration)).isEqualTo(text);
        assertThat(Durations.parse(text)).contains(duration);
    }

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "5m, PT5M", "2h, PT2H", "1d, PT24H", "250ms, PT0.25S", "PT10S, PT10S",
            "1h30m, PT1H30M", "' 2M ', PT2M"})
    void durationsAreRead(String text, Duration duration) {
        assertThat(Durations.parse(text)).contains(duration);
    }

    @ParameterizedTest
    @CsvSource({"soon", "10", "-5s", "PT-1S", "5 m", "m", "''", "99999999999999999999d"})
    void notDurations(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Property(tries = 300)
    void anyConfigRoundTripsThroughJson(@ForAll("configs") MissionConfig config) throws Exception {
        assertThat(roundTrip(config)).isEqualTo(config);
    }

    @Property(tries = 300)
    void anyDurationRoundTripsThroughItsText(@ForAll("durations") Duration duration) {
        assertThat(Durations.parse(Durations.format(duration))).contains(duration);
    }

    // --- generators: every value the file reader accepts ---

    @Provide
    Arbitrary<Duration> durations() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 10_000_000).map(Duration::ofSeconds),
                Arbitraries.longs().between(1_000, 1_000_000_000L).map(Duration::ofMillis),
                Arbitraries.longs().between(1_000_000_000L, 1_000_000_000_000L).map(Duration::ofNanos));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars(' ', '-', '/', '.', 'É').ofMinLength(1)
                        .ofMaxLength(12).filter(s -> !s.isBlank()),
                Arbitraries.of("true", "null", "~", "yes", "0x10", "1e3", "In Progress", "{{ x }}", "a: b"));
    }

    private static <T> Arbitrary<T> orNull(Arbitrary<T> values) {
        return values.injectNull(0.3);
    }

    private static Arbitrary<String> provider() {
        return Arbitraries.of(MissionConfig.WORKSPACE_PROVIDERS);
    }

    private static Arbitrary<String> agent() {
        return Arbitraries.of(AgentKind.WIRE_NAMES);
    }

    private static Arbitrary<String> envName() {
        return Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<MissionConfig> configs() {
        return Combinators.combine(orNull(text()), trackers(), providers(), triggers(), orchestrations(), agents(),
                workspaces()).as(MissionConfig::new);
    }

    private Arbitrary<TrackerConfig> trackers() {
        return Arbitraries.of(TrackerKind.class).flatMap(kind -> switch (kind) {
            case LOCAL -> text().map(dir -> new TrackerConfig(kind, dir, null, null, null));
            case GITHUB -> Combinators.combine(orNull(Arbitraries.of("acme/web", "a.b/c_d-e")),
                    orNull(Arbitraries.integers().between(1, 1000)), orNull(envName()))
                    .as((repo, number, env) -> new TrackerConfig(kind, null, repo, number, env));
            case LINEAR -> orNull(envName()).map(env -> new TrackerConfig(kind, null, null, null, env));
        });
    }

    private Arbitrary<ProviderConfig> providers() {
        return Combinators.combine(Arbitraries.of(ProviderStrategy.class), orNull(agent()), orNull(agent()),
                Arbitraries.integers().between(1, 50), Arbitraries.integers().between(1, 50).injectNull(0.5))
                .filter((strategy, primary, secondary, max, maxPrimary) ->
                        (strategy == ProviderStrategy.SINGLE || secondary != null)
                                && (maxPrimary == null || maxPrimary <= max))
                .as(ProviderConfig::new);
    }

    private Arbitrary<TriggerConfig> triggers() {
        Arbitrary<TriggerFilters> filters = Combinators.combine(text().list().ofMaxSize(3),
                text().list().ofMaxSize(3), orNull(text()), orNull(text())).as(TriggerFilters::new);
        return Combinators.combine(Arbitraries.of(TriggerKind.class), durations(), filters).as(TriggerConfig::new);
    }

    private Arbitrary<OrchestrationConfig> orchestrations() {
        return Builders.withBuilder(() -> new Object[9])
                .use(Arbitraries.integers().between(0, 100)).in((a, v) -> set(a, 0, v))
                .use(durations()).in((a, v) -> set(a, 1, v))
                .use(durations()).in((a, v) -> set(a, 2, v))
                .use(durations()).in((a, v) -> set(a, 3, v))
                .use(text()).in((a, v) -> set(a, 4, v))
                .use(orNull(text())).in((a, v) -> set(a, 5, v))
                .use(orNull(text())).in((a, v) -> set(a, 6, v))
                .use(orNull(text())).in((a, v) -> set(a, 7, v))
                .use(orNull(text())).in((a, v) -> set(a, 8, v))
                .build(a -> new OrchestrationConfig((Integer) a[0], (Duration) a[1], (Duration) a[2],
                        (Duration) a[3], (String) a[4], (String) a[5], (String) a[6], (String) a[7], (String) a[8]));
    }

    private static Object[] set(Object[] values, int index, Object value) {
        values[index] = value;
        return values;
    }

    private Arbitrary<AgentConfig> agents() {
        Arbitrary<CommandRun> runs = Arbitraries.<CommandRun>oneOf(
                text().map(Shell::new),
                text().list().ofMinSize(1).ofMaxSize(4).map(Argv::new)).injectNull(0.3);
        Arbitrary<Map<String, String>> env = Arbitraries.maps(envName(), Arbitraries.strings().ofMaxLength(6))
                .ofMaxSize(3);
        Arbitrary<CommandAgentConfig> command = Combinators.combine(runs, env, durations())
                .as(CommandAgentConfig::new);
        Arbitrary<ObjectNode> freeForm = Arbitraries.maps(envName(), Arbitraries.oneOf(
                Arbitraries.integers().map(i -> (Object) i), text().map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b), Arbitraries.just(List.of("x", "y"))))
                .ofMaxSize(3).map(map -> Json.mapper().<ObjectNode>valueToTree(map));
        return Combinators.combine(Arbitraries.of(AgentKind.class), freeForm, freeForm, command).as(AgentConfig::new);
    }

    private Arbitrary<WorkspaceConfig> workspaces() {
        Arbitrary<WorkspaceResources> resources = Combinators.combine(
                orNull(Arbitraries.doubles().between(0.01, 64).ofScale(2)),
                orNull(Arbitraries.of("512Mi", "4Gi", "1.5G", "1024"))).as(WorkspaceResources::new);
        return Combinators.combine(orNull(provider()), orNull(text()), Arbitraries.of(Retention.class), durations(),
                resources, text().list().ofMaxSize(3), durations()).as(WorkspaceConfig::new);
    }
}
