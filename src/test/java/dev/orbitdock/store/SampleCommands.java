package dev.orbitdock.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orbitdock.common.Patch;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Builds an instance of any command record by reflection, so every permitted subtype is covered without
 * hand-written data; a component of a type not handled here fails the tests (add it here).
 */
final class SampleCommands {
    enum PatchMode { SET, CLEAR, ABSENT }

    private SampleCommands() {}

    static PersistCommand sample(Class<? extends PersistCommand> type, PatchMode mode) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = valueFor(components[i].getName(), components[i].getGenericType(), mode);
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build " + type.getName(), e);
        }
    }

    private static Object valueFor(String name, Type type, PatchMode mode) {
        if (type instanceof ParameterizedType p && p.getRawType() == Patch.class) {
            return switch (mode) {
                case SET -> Patch.set(valueFor(name, p.getActualTypeArguments()[0], mode));
                case CLEAR -> Patch.clear();
                case ABSENT -> Patch.absent();
            };
        }
        if (type == String.class) {
            return name + "-value";
        }
        if (type == Instant.class) {
            return Instant.parse("2026-11-25T10:15:30.123Z");
        }
        if (type == long.class || type == Long.class) {
            return 42L;
        }
        if (type == int.class || type == Integer.class) {
            return 7;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == BigDecimal.class) {
            return new BigDecimal("0.0125");
        }
        if (type == com.fasterxml.jackson.databind.JsonNode.class) {
            return JsonNodeFactory.instance.objectNode().put("text", "hello").put("n", 3);
        }
        throw new AssertionError("SampleCommands has no sample for component " + name + " of type " + type
                + "; add one so the new command is covered");
    }
}
