package dev.orbitdock.store;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import dev.orbitdock.common.Json;
import java.util.ArrayList;
import java.util.List;

/** JSON form of {@link PersistCommand}s, shared by the outbox, sync and tests. */
public final class StoreJson {
    private StoreJson() {}

    private static final List<Class<? extends PersistCommand>> COMMAND_TYPES = leavesOf(PersistCommand.class);
    private static final ObjectMapper MAPPER = build();

    /** Every concrete command record, found by walking the sealed hierarchy. */
    public static List<Class<? extends PersistCommand>> commandTypes() {
        return COMMAND_TYPES;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(PersistCommand command) {
        try {
            return MAPPER.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + command.getClass().getSimpleName(), e);
        }
    }

    public static PersistCommand read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, PersistCommand.class);
    }

    /** The {@code "type"} discriminator of a command class. */
    public static String typeName(Class<? extends PersistCommand> type) {
        JsonTypeName name = type.getAnnotation(JsonTypeName.class);
        if (name == null) {
            throw new IllegalStateException(type.getName() + " has no @JsonTypeName");
        }
        return name.value();
    }

    private static ObjectMapper build() {
        ObjectMapper mapper = Json.builder()
                .addModule(CanonicalInstantDeserializer.module())
                .build();
        for (Class<? extends PersistCommand> type : COMMAND_TYPES) {
            mapper.registerSubtypes(new NamedType(type, typeName(type)));
        }
        return mapper;
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends PersistCommand>> leavesOf(Class<?> type) {
        List<Class<? extends PersistCommand>> leaves = new ArrayList<>();
        if (!type.isSealed()) {
            leaves.add((Class<? extends PersistCommand>) type);
            return leaves;
        }
        for (Class<?> sub : type.getPermittedSubclasses()) {
            leaves.addAll(leavesOf(sub));
        }
        return List.copyOf(leaves);
    }
}
