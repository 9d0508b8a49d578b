package dev.orbitdock.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.common.Json;

/**
 * The JSON text of the payload the writer thread is applying, serialized once: the row stores it and the outbox
 * envelope embeds the same text rather than serializing the payload a second time. Remembers the last node only
 * (by identity) until {@link #forget}, which the writer calls after each command; confined to the writer thread.
 */
final class PayloadText {
    private JsonNode node;
    private String text;

    String of(JsonNode payload) {
        if (payload != node) {
            text = serialize(payload);
            node = payload;
        }
        return text;
    }

    void forget() {
        node = null;
        text = null;
    }

    private static String serialize(JsonNode payload) {
        try {
            return Json.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unserializable JSON payload", e);
        }
    }
}
