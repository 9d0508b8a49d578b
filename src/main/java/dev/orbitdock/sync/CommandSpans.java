package dev.orbitdock.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import dev.orbitdock.store.PersistCommand;
import dev.orbitdock.store.StoreJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each envelope's {@code command} sits in a request body, noted while Jackson reads it, so the receiver can keep
 * the command's JSON exactly as it arrived (the workspace's outbox text) for {@code sync_log} instead of serializing
 * the parsed command again. Only a read that passes an instance as the {@link CommandSpans} attribute is noted.
 */
final class CommandSpans {
    private final List<long[]> spans = new ArrayList<>();

    /** The JSON text of each of {@code batch}'s commands, cut from {@code body} where they were read. */
    List<String> texts(byte[] body, SyncBatch batch) {
        List<SyncEnvelope> envelopes = batch.commands();
        List<String> texts = new ArrayList<>(envelopes.size());
        for (int i = 0; i < envelopes.size(); i++) {
            String text = i < spans.size() ? cut(body, spans.get(i)) : null;
            // A span that is not a whole object was not read straight off the body (never seen): serialize instead.
            texts.add(text != null ? text : StoreJson.write(envelopes.get(i).command()));
        }
        return texts;
    }

    private static String cut(byte[] body, long[] span) {
        long start = span[0];
        long end = span[1];
        if (start < 0 || end > body.length || end - start < 2 || body[(int) start] != '{' || body[(int) end - 1] != '}') {
            return null;
        }
        return new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8);
    }

    /** The deserializer of {@link SyncEnvelope#command()}: the usual polymorphic read, noting its byte span. */
    static final class Recorder extends StdDeserializer<PersistCommand> {
        Recorder() {
            super(PersistCommand.class);
        }

        @Override
        public PersistCommand deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            // Only reached without type information, which PersistCommand always has.
            return ctxt.readValue(p, PersistCommand.class);
        }

        @Override
        public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer types)
                throws IOException {
            long start = p.currentTokenLocation().getByteOffset();
            Object command = types.deserializeTypedFromObject(p, ctxt);
            if (ctxt.getAttribute(CommandSpans.class) instanceof CommandSpans sink) {
                sink.spans.add(new long[] {start, p.currentTokenLocation().getByteOffset() + 1});
            }
            return command;
        }
    }
}
