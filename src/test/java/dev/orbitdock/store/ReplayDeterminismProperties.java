package dev.orbitdock.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orbitdock.testing.TestStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Replaying the serialized commands of one store into another yields identical rows, including the sequences
 * that were assigned on apply. This is what sync relies on.
 */
class ReplayDeterminismProperties {

    @Property(tries = 25)
    void replayOfSerializedCommandsReproducesEveryRow(@ForAll("streams") List<PersistCommand> commands)
            throws IOException {
        Path a = Files.createTempDirectory("replay-a");
        Path b = Files.createTempDirectory("replay-b");
        try (TestStore source = TestStore.open(a); TestStore replica = TestStore.open(b)) {
            List<String> wire = new ArrayList<>();
            for (PersistCommand command : commands) {
                try {
                    source.writer().write(command);
                    wire.add(StoreJson.write(command));
                } catch (CommandRejectedException rejected) {
                    // Rejected commands never reach the outbox, so they are not replayed either.
                }
            }
            for (String json : wire) {
                replica.writer().write(read(json));
            }

            assertThat(dump(replica)).isEqualTo(dump(source));
        }
    }

    @Provide
    Arbitrary<List<PersistCommand>> streams() {
        Arbitrary<String> sessions = Arbitraries.of("s1", "s2", "s3");
        Arbitrary<String> rows = Arbitraries.integers().between(1, 12).map(i -> "r" + i);
        Arbitrary<PersistCommand> command = Arbitraries.oneOf(
                sessions.map(Commands::session),
                Arbitraries.of("working", "waiting", "ended").flatMap(status ->
                        sessions.map(s -> Commands.sessionStatus(s, status))),
                net.jqwik.api.Combinators.combine(rows, sessions, Arbitraries.strings().alpha().ofMaxLength(8))
                        .as(Commands::append),
                net.jqwik.api.Combinators.combine(rows, sessions, Arbitraries.strings().alpha().ofMaxLength(8))
                        .as(Commands::upsert));
        return command.list().ofMinSize(1).ofMaxSize(40);
    }

    private static PersistCommand read(String json) {
        try {
            return StoreJson.read(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Tuple.Tuple2<String, String>> dump(TestStore store) {
        return store.database().read(connection -> {
            List<Tuple.Tuple2<String, String>> out = new ArrayList<>();
            for (String query : List.of(
                    "SELECT id || '|' || status || '|' || coalesce(model, '') FROM sessions ORDER BY id",
                    "SELECT id || '|' || session_id || '|' || sequence || '|' || payload FROM conversation_rows ORDER BY id")) {
                try (var statement = connection.createStatement(); var rs = statement.executeQuery(query)) {
                    while (rs.next()) {
                        out.add(Tuple.of(query.substring(0, 20), rs.getString(1)));
                    }
                }
            }
            return out;
        });
    }
}
