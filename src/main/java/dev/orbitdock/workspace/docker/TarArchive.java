package dev.orbitdock.workspace.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A ustar archive of flat files, the body of {@code PUT /containers/{id}/archive}. The mode travels in each
 * entry's header, so a secret file is 0600 from the moment it exists in the container.
 */
final class TarArchive {
    private static final int BLOCK = 512;

    /** @param mode POSIX permission bits, e.g. {@code 0600} */
    record Entry(String name, int mode, byte[] content) {
        Entry {
            if (name.contains("/") || name.getBytes(StandardCharsets.UTF_8).length > 100) {
                throw new IllegalArgumentException("a flat file name of at most 100 bytes: " + name);
            }
        }
    }

    private TarArchive() {}

    static byte[] of(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long now = System.currentTimeMillis() / 1000;
        for (Entry entry : entries) {
            byte[] header = new byte[BLOCK];
            put(header, 0, entry.name().getBytes(StandardCharsets.UTF_8));
            octal(header, 100, 8, entry.mode());
            octal(header, 108, 8, 0);
            octal(header, 116, 8, 0);
            octal(header, 124, 12, entry.content().length);
            octal(header, 136, 12, now);
            header[156] = '0';
            put(header, 257, "ustar\0".getBytes(StandardCharsets.ISO_8859_1));
            put(header, 263, "00".getBytes(StandardCharsets.ISO_8859_1));
            // The checksum is computed with its own field read as spaces.
            put(header, 148, "        ".getBytes(StandardCharsets.ISO_8859_1));
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            octal(header, 148, 7, sum);
            out.writeBytes(header);
            out.writeBytes(entry.content());
            out.writeBytes(new byte[(BLOCK - entry.content().length % BLOCK) % BLOCK]);
        }
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** A zero-padded octal number filling {@code width - 1} characters, then NUL. */
    private static void octal(byte[] header, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        put(header, offset, ("0".repeat(width - 1 - digits.length()) + digits).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void put(byte[] header, int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
