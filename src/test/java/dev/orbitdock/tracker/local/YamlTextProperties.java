package dev.orbitdock.tracker.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Whatever we write as a YAML scalar reads back as the same string. */
class YamlTextProperties {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static String readBack(String scalar) throws IOException {
        return YAML.readTree("key: " + scalar + "\n").get("key").asText();
    }

    @Property(tries = 500)
    void anyWellFormedStringRoundTrips(@ForAll @StringLength(max = 40) String value) throws IOException {
        Assume.that(value.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp) && cp < 0x10000));

        assertThat(readBack(YamlText.scalar(value))).isEqualTo(value);
    }

    @Property(tries = 300)
    void yamlSyntaxCharactersRoundTrip(@ForAll @StringLength(min = 1, max = 12)
                                       @Chars({'a', ' ', ':', '#', '-', '"', '\'', '\\', '[', '{', '&', '*', '!',
                                               '|', '>', '%', '@', '`', '?', ',', '\n', '\t', '0', '.'})
                                       String value) throws IOException {
        assertThat(readBack(YamlText.scalar(value))).isEqualTo(value);
    }

    @Example
    void simpleStatesStayPlain() {
        assertThat(YamlText.scalar("In Progress")).isEqualTo("In Progress");
        assertThat(YamlText.scalar("Done")).isEqualTo("Done");
        assertThat(YamlText.scalar("no")).isEqualTo("\"no\"");
        assertThat(YamlText.scalar("42")).isEqualTo("\"42\"");
        assertThat(YamlText.scalar("null")).isEqualTo("\"null\"");
    }
}
