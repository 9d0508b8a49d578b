package dev.orbitdock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.testing.MutableClock;
import dev.orbitdock.testing.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox holds exactly the replicated commands that committed, in commit order (ARCHITECTURE.md §3). */
class SyncOutboxProperties {
    @TempDir
    Path dir;

    private static TestStore managed(Path dir) {
        Database database = Database.open(dir.resolve("orbitdock.db"));
        return new TestStore(database, new PersistenceWriter(database, CommitListener.NONE, 10_000,
                new SyncOutbox(MutableClock.at("2026-11-25T12:00:00Z"))));
    }

    @Property(tries = 30)
    void theOutboxIsExactlyTheCommittedReplicatedCommandsInOrder(@ForAll("streams") List<PersistCommand> commands)
            throws IOException {
        Path directory = Files.createTempDirectory("outbox");
        try (TestStore store = managed(directory)) {
            List<CompletableFuture<Applied>> futures = new ArrayList<>();
            commands.forEach(c -> futures.add(store.writer().submitForResult(c)));
            List<PersistCommand> committed = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                boolean succeeded = futures.get(i).handle((applied, error) -> error == null).join();
                if (succeeded && Replication.isReplicated(commands.get(i))) {
                    committed.add(commands.get(i));
                }
            }

            assertThat(outbox(store)).containsExactlyElementsOf(committed);
            assertThat(sequences(store)).isEqualTo(contiguous(committed.size()));
        }
    }

    @Property(tries = 300)
    void theEnvelopeEmbeddingTheRowsPayloadTextIsTheCommandsOwnJson(@ForAll("payloads") JsonNode payload,
                                                                     @ForAll boolean upsert) {
        PersistCommand command = upsert
                ? new ConversationCommand.Upsert("r", "s", "t", "output", payload, Commands.T0)
                : new ConversationCommand.Append("r", "s", null, "output", payload, Commands.T0);

        assertThat(StoreJson.write(SyncOutbox.withPayloadText(command, new PayloadText())))
                .isEqualTo(StoreJson.write(command));
    }

    @Test
    void eachCommandsRowAndOutboxHoldItsOwnPayloadEvenWhenTheNodeIsReusedAndChanged() {
        try (TestStore store = managed(dir)) {
            store.writer().write(Commands.session("s"));
            ObjectNode payload = JsonNodeFactory.instance.objectNode().put("text", "first");
            store.writer().write(new ConversationCommand.Append("r1", "s", null, "output", payload, Commands.T0));
            payload.put("text", "second");
            store.writer().write(new ConversationCommand.Append("r2", "s", null, "output", payload, Commands.T0));

            assertThat(store.string("SELECT payload FROM conversation_rows WHERE id = 'r2'"))
                    .isEqualTo("{\"text\":\"second\"}");
            assertThat(outbox(store).getLast()).isEqualTo(
                    new ConversationCommand.Append("r2", "s", null, "output", payload, Commands.T0));
        }
    }

    @Test
    void aRejectedCommandLeavesNoOutboxRowAndItsNeighboursKeepTheirs() {
        try (TestStore store = managed(dir)) {
            store.writer().write(Commands.session("s"));
            var bad = store.writer().submitForResult(Commands.append("r1", "ghost", "x"));
            var good = store.writer().submitForResult(Commands.append("r2", "s", "y"));
            good.join();

            assertThat(bad).isCompletedExceptionally();
            assertThat(outbox(store)).containsExactly(Commands.session("s"), Commands.append("r2", "s", "y"));
        }
    }

    @Test
    void anAtomicGroupIsInTheOutboxWhollyOrNotAtAll() {
        try (TestStore store = managed(dir)) {
            assertThatThrownBy(() -> store.writer().writeAll(List.of(Commands.session("s"),
                    Commands.append("r1", "nope", "x")))).isInstanceOf(CommandRejectedException.class);

            assertThat(outbox(store)).isEmpty();
        }
    }

    @Test
    void localOnlyCommandsNeverEnterTheOutbox() {
        try (TestStore store = managed(dir)) {
            store.writer().write(new ConfigCommand.Set("bind", "127.0.0.1:1", Commands.T0));
            store.writer().write(new MissionCommand.Upsert("m", "m", "/r", null, null, null, Commands.T0));

            assertThat(outbox(store)).isEmpty();
        }
    }

    @Test
    void theControlPlaneWriterKeepsNoOutbox() {
        try (TestStore store = TestStore.open(dir)) {
            store.writer().write(Commands.session("s"));

            assertThat(store.count("SELECT count(*) FROM sync_outbox")).isZero();
        }
    }

    @Provide
    Arbitrary<List<PersistCommand>> streams() {
        Arbitrary<String> sessions = Arbitraries.of("s1", "s2");
        Arbitrary<String> rows = Arbitraries.integers().between(1, 6).map(i -> "r" + i);
        Arbitrary<PersistCommand> command = Arbitraries.oneOf(
                sessions.map(Commands::session),
                sessions.map(s -> Commands.sessionStatus(s, "waiting")),
                Combinators.combine(rows, sessions, Arbitraries.strings().alpha().ofMaxLength(5)).as(Commands::append),
                Combinators.combine(rows, sessions, Arbitraries.strings().alpha().ofMaxLength(5)).as(Commands::upsert),
                Arbitraries.just(new ConfigCommand.Set("log_level", "debug", Commands.T0)));
        return command.list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<JsonNode> payloads() {
        Arbitrary<String> keys = Arbitraries.strings().ofMaxLength(6);
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(JsonNodeFactory.instance::textNode),
                Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(20)
                        .map(JsonNodeFactory.instance::textNode),
                Arbitraries.longs().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.doubles().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.bigDecimals().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.of(true, false).map(JsonNodeFactory.instance::booleanNode),
                Arbitraries.just(JsonNodeFactory.instance.nullNode()));
        Arbitrary<JsonNode> array = leaf.list().ofMaxSize(4).map(items -> {
            var node = JsonNodeFactory.instance.arrayNode();
            items.forEach(node::add);
            return node;
        });
        return Combinators.combine(keys.list().ofMaxSize(6), Arbitraries.oneOf(leaf, array).list().ofSize(6))
                .as((names, values) -> {
                    ObjectNode node = JsonNodeFactory.instance.objectNode();
                    for (int i = 0; i < names.size(); i++) {
                        node.set(names.get(i), values.get(i));
                    }
                    return node;
                });
    }

    private static List<PersistCommand> outbox(TestStore store) {
        return store.database().read(c -> {
            List<PersistCommand> out = new ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT command_json FROM sync_outbox ORDER BY sequence")) {
                while (rs.next()) {
                    try {
                        out.add(StoreJson.read(rs.getString(1)));
                    } catch (JsonProcessingException e) {
                        throw new AssertionError(e);
                    }
                }
            }
            return out;
        });
    }

    private static List<Long> sequences(TestStore store) {
        return store.database().read(c -> {
            List<Long> out = new ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT sequence FROM sync_outbox ORDER BY 1")) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    private static List<Long> contiguous(int n) {
        List<Long> out = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }
}
