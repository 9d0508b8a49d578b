package dev.orbitdock.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** Jackson mapping of {@link Patch}: absent = property omitted, clear = {@code null}, set = the value. */
final class PatchModule extends SimpleModule {

    @SuppressWarnings({"rawtypes", "unchecked"})
    PatchModule() {
        super("orbitdock-patch");
        addSerializer((Class) Patch.class, new PatchSerializer());
        addDeserializer((Class) Patch.class, new PatchDeserializer(null));
    }

    private static final class PatchSerializer extends StdSerializer<Patch<?>> {
        PatchSerializer() {
            super(Patch.class, false);
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Patch<?> value) {
            return value == null || value.isAbsent();
        }

        @Override
        public void serialize(Patch<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            switch (value) {
                case Patch.Set<?> s -> provider.defaultSerializeValue(s.value(), gen);
                case Patch.Clear<?> c -> gen.writeNull();
                case Patch.Absent<?> a -> gen.writeNull(); // only reached if a caller disables NON_EMPTY
            }
        }
    }

    private static final class PatchDeserializer extends JsonDeserializer<Patch<?>> implements ContextualDeserializer {
        private final JavaType valueType;

        PatchDeserializer(JavaType valueType) {
            this.valueType = valueType;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            JavaType type = property != null ? property.getType() : ctxt.getContextualType();
            return new PatchDeserializer(type.containedTypeOrUnknown(0));
        }

        @Override
        public Patch<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object value = ctxt.readValue(p, valueType);
            return value == null ? Patch.clear() : Patch.set(value);
        }

        @Override
        public Patch<?> getNullValue(DeserializationContext ctxt) {
            return Patch.clear();
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return Patch.absent();
        }
    }
}
