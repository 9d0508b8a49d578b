package dev.orbitdock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbitdock.common.Json;
import java.time.Instant;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.IntRange;

/** The hand-written instant parse of {@link StoreJson} reads exactly what Jackson's own does, to the nanosecond. */
class CanonicalInstantProperties {
    /** The plain product mapper: Jackson's instant parsing, nothing of ours. */
    private static final ObjectMapper STANDARD = Json.mapper();

    @Property(tries = 2000)
    void everyInstantToStringWritesReadsBackExactly(
            @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long epochSecond, // years 0000-9999
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll @IntRange(min = 0, max = 3) int precision)
            throws Exception {
        int truncated = switch (precision) { // toString writes 0, 3, 6 or 9 fraction digits
            case 0 -> 0;
            case 1 -> nanos / 1_000_000 * 1_000_000;
            case 2 -> nanos / 1_000 * 1_000;
            default -> nanos;
        };
        Instant instant = Instant.ofEpochSecond(epochSecond, truncated);

        assertThat(CanonicalInstantDeserializer.parse(instant.toString())).isEqualTo(instant);
        assertThat(StoreJson.mapper().readValue(quoted(instant.toString()), Instant.class)).isEqualTo(instant);
    }

    @Property(tries = 500)
    void anyNumberOfFractionDigitsMeansWhatTheFormatterSays(@ForAll @IntRange(min = 1, max = 9) int digits,
                                                           @ForAll @IntRange(min = 0, max = 999_999_999) int nanos)
            throws Exception {
        String text = "2026-11-25T19:31:05." + String.format("%09d", nanos).substring(0, digits) + "Z";

        assertThat(CanonicalInstantDeserializer.parse(text)).isEqualTo(Instant.parse(text));
        assertThat(StoreJson.mapper().readValue(quoted(text), Instant.class))
                .isEqualTo(STANDARD.readValue(quoted(text), Instant.class));
    }

    /** Offsets, numbers, leap seconds, impossible dates, odd fractions: Jackson decides, as it did before. */
    @Example
    void everythingElseIsLeftToJacksonAndReadAsBefore() throws Exception {
        for (String json : new String[] {"\"2026-11-25T19:31:05+01:00\"", "\"2026-11-25T23:59:60Z\"", "1700000000",
                "1700000000.5", "\"+12026-11-25T19:31:05Z\"", "\"2026-11-25T19:31Z\"", "\"2026-02-30T00:00:00Z\"",
                "\"2026-13-01T00:00:00Z\"", "\"2026-11-25T24:00:00Z\"", "\"2026-11-25T19:60:00Z\"",
                "\"2026-11-25T19:31:05.Z\"", "\"2026-11-25T19:31:05.1234567890Z\"", "\"2026-1x-25T19:31:05Z\"",
                "\"2026-11-25 19:31:05Z\""}) {
            assertThat(CanonicalInstantDeserializer.parse(json.replace("\"", ""))).as(json).isNull();
            Instant standard;
            try {
                standard = STANDARD.readValue(json, Instant.class);
            } catch (JsonMappingException e) {
                assertThatThrownBy(() -> StoreJson.mapper().readValue(json, Instant.class)).as(json)
                        .isInstanceOf(e.getClass());
                continue;
            }
            assertThat(StoreJson.mapper().readValue(json, Instant.class)).as(json).isEqualTo(standard);
        }
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
