package dev.orbitdock.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @Test
    void parsesShortAndIsoForms() {
        assertThat(Durations.parsePositive("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parsePositive("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parsePositive("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parsePositive(" 1h30m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parsePositive("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parsePositive("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parsePositive("pt45s")).isEqualTo(Duration.ofSeconds(45));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "h", "1x", "-1s", "0s", "PT0S", "1h 30m", "soon"})
    void rejectsEverythingElse(String text) {
        assertThatThrownBy(() -> Durations.parsePositive(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void formatsInTheShortFormItParses() {
        assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.parsePositive(Durations.format(Duration.ofSeconds(93784)))).isEqualTo(
                Duration.ofSeconds(93784));
    }

    @Test
    void zeroIsADurationButNotAPositiveOne() {
        assertThat(Durations.parse("0s")).contains(Duration.ZERO);
        assertThat(Durations.parse("-1s")).isEmpty();
        assertThat(Durations.parse("PT-1S")).isEmpty();
    }
}
