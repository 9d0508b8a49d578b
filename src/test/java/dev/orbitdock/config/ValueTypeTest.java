package dev.orbitdock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueTypeTest {

    @ParameterizedTest
    @CsvSource({
            "HOST_PORT, 127.0.0.1:4000, true", "HOST_PORT, 0.0.0.0:80, true", "HOST_PORT, [::1]:4000, true",
            "HOST_PORT, localhost, false", "HOST_PORT, 127.0.0.1:99999, false",
            "URL, https://control.example.com:4000, true", "URL, ftp://x, false", "URL, not a url, false",
            "INTEGER, 12, true", "INTEGER, 1.5, false",
            "BOOLEAN, true, true", "BOOLEAN, yes, false",
            "DURATION, 30s, true", "DURATION, 5m, true", "DURATION, PT1H, true", "DURATION, soon, false",
            "SECRET, sk-abc, true", "SECRET, ' sk-abc', false",
            "HOST_LIST, build1.example.com, true", "HOST_LIST, 'a.example.com, 10.0.0.5:2222,[::1]:22', true",
            "HOST_LIST, 'a b', false", "HOST_LIST, 'a.example.com,', false", "HOST_LIST, host:port, false"
    })
    void validates(ValueType type, String value, boolean valid) {
        assertThat(type.problem(value, List.of())).as(type + " " + value).matches(p -> p.isEmpty() == valid);
    }
}
