package dev.orbitdock.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.orbitdock.store.StoreJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Sync batches as JSON. Uses {@link StoreJson#mapper()} so the embedded commands are exactly what the outbox holds;
 * the envelope's snake_case names come from its own annotations.
 */
public final class SyncJson {
    private SyncJson() {}

    public static ObjectMapper mapper() {
        return StoreJson.mapper();
    }

    public static String write(SyncBatch batch) {
        try {
            return mapper().writeValueAsString(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize a sync batch", e);
        }
    }

    /** A batch as received, with each command's JSON text as it arrived (what {@code sync_log} keeps). */
    public record Received(SyncBatch batch, List<String> commandJson) {
        public Received {
            commandJson = List.copyOf(commandJson);
            if (commandJson.size() != batch.commands().size()) {
                throw new IllegalArgumentException("one JSON text per command");
            }
        }

        /** A batch built in memory: its commands' JSON is what serializing them gives. */
        public static Received of(SyncBatch batch) {
            return new Received(batch, batch.commands().stream().map(e -> StoreJson.write(e.command())).toList());
        }
    }

    /** @throws SyncRejection.MalformedBatch on malformed JSON, unknown command types or missing fields */
    public static SyncBatch read(byte[] json) {
        return read(json, mapper().readerFor(SyncBatch.class));
    }

    /** Like {@link #read}, keeping each command's JSON text as it is in {@code json}. */
    public static Received receive(byte[] json) {
        CommandSpans spans = new CommandSpans();
        SyncBatch batch = read(json, mapper().readerFor(SyncBatch.class).withAttribute(CommandSpans.class, spans));
        return new Received(batch, spans.texts(json, batch));
    }

    private static SyncBatch read(byte[] json, ObjectReader reader) {
        try {
            SyncBatch batch = reader.readValue(json);
            if (batch == null) {
                throw new SyncRejection.MalformedBatch("the body must be a JSON object");
            }
            return batch;
        } catch (JsonProcessingException e) {
            // Jackson's original message names the problem without the source excerpt, so no body is echoed.
            // Unknown command types, missing fields and nulls (record constructors) all arrive here wrapped.
            throw new SyncRejection.MalformedBatch("malformed sync batch: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading an in-memory body failed", e);
        }
    }
}
