package dev.orbitdock.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbitdock.store.StoreJson;
import java.io.IOException;
import java.io.UncheckedIOException;

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

    /** @throws SyncRejection.MalformedBatch on malformed JSON, unknown command types or missing fields */
    public static SyncBatch read(byte[] json) {
        try {
            SyncBatch batch = mapper().readValue(json, SyncBatch.class);
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
