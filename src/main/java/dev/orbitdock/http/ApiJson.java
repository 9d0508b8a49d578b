package dev.orbitdock.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.orbitdock.common.Json;

/** The product's Jackson configuration with snake_case names: the wire form of every REST DTO. */
final class ApiJson {
    private ApiJson() {}

    private static final ObjectMapper MAPPER = Json.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
