package dev.orbitdock.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines like {@code BufferedReader.readLine}, but a line longer than the cap is returned in pieces, so an
 * agent printing megabytes without a newline cannot exhaust memory. Invalid UTF-8 becomes U+FFFD.
 */
final class LineReader {
    static final int MAX_LINE_CHARS = 1 << 20;

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;

    LineReader(InputStream in, int maxChars) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
        this.maxChars = maxChars;
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}), or null at end of stream. */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line == null ? null : stripCr(line);
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            while (position < limit) {
                char c = buffer[position++];
                if (c == '\n') {
                    return stripCr(line);
                }
                line.append(c);
                if (line.length() >= maxChars) {
                    return line.toString();
                }
            }
        }
    }

    private static String stripCr(StringBuilder line) {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }
}
