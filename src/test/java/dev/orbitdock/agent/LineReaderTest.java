package dev.orbitdock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    @Test
    void splitsOnNewlinesAndDropsCarriageReturns() throws IOException {
        assertThat(lines("a\r\nb\n\nc", 100)).containsExactly("a", "b", "", "c");
        assertThat(lines("", 100)).isEmpty();
        assertThat(lines("é😀\n", 100)).containsExactly("é😀");
    }

    @Test
    void cutsOverlongLinesIntoPieces() throws IOException {
        assertThat(lines("abcdefg\nhi\n", 3)).containsExactly("abc", "def", "g", "hi");
    }

    private static List<String> lines(String text, int max) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
        }
        return lines;
    }
}
