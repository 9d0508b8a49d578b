package dev.orbitdock.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Request bodies: a size limit per path (checked against Content-Length before anything is read, and while
 * reading for chunked bodies) and JSON parsing whose failures name the position, never echo the body.
 */
final class JsonBodies {
    private static final int MIN_BUFFER_BYTES = 8192;
    private static final int INFLATE_BUFFER_BYTES = 64 * 1024;
    private static final long MAX_GUESS_BYTES = 1024 * 1024;
    private final long defaultMaxBytes;
    private final Map<String, Long> maxBytesByPath;

    /** @param maxBytesByPath exact paths with their own limit (e.g. {@code /api/sync}, which takes big batches) */
    JsonBodies(long defaultMaxBytes, Map<String, Long> maxBytesByPath) {
        this.defaultMaxBytes = defaultMaxBytes;
        this.maxBytesByPath = Map.copyOf(maxBytesByPath);
    }

    long maxBytes(String path) {
        return maxBytesByPath.getOrDefault(path, defaultMaxBytes);
    }

    /** Before-filter: refuses a declared oversize body without reading it. */
    void rejectDeclaredOversize(Context ctx) {
        long limit = maxBytes(ctx.path());
        if (ctx.req().getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
    }

    <T> T read(Context ctx, Class<T> type) {
        long limit = maxBytes(ctx.path());
        byte[] bytes;
        try {
            bytes = readAtMost(ctx.req().getInputStream(), limit, ctx.req().getContentLengthLong());
        } catch (IOException e) {
            // The client stalled or went away mid-body: its problem, not a server fault worth a stack trace.
            throw incomplete();
        }
        return parse(bytes, type);
    }

    /**
     * The raw body within the path's limit; a {@code Content-Encoding: gzip} body is inflated as it arrives, and
     * the limit applies to the compressed and the inflated size alike, so a small bomb cannot blow up in memory.
     */
    byte[] readBytes(Context ctx) {
        long limit = maxBytes(ctx.path());
        long declared = ctx.req().getContentLengthLong();
        String encoding = ctx.header("Content-Encoding");
        try {
            InputStream in = ctx.req().getInputStream();
            if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
                return readAtMost(in, limit, declared);
            }
            if (!encoding.strip().equalsIgnoreCase("gzip")) {
                throw new ApiException(415, "unsupported_encoding", "Content-Encoding must be gzip or identity");
            }
            return inflate(new CappedInput(in, limit), limit, declared);
        } catch (IOException e) {
            throw incomplete();
        }
    }

    private static byte[] inflate(CappedInput compressed, long limit, long declared) throws IOException {
        try (InputStream inflated = new GZIPInputStream(compressed, INFLATE_BUFFER_BYTES)) {
            // JSON inflates several times over: a guess from the compressed size saves most regrowing, capped so a
            // declared size alone never reserves much.
            return readAtMost(inflated, limit, Math.min(declared * 8, MAX_GUESS_BYTES));
        } catch (ZipException | EOFException e) {
            if (compressed.sourceFailed) {
                throw e; // the connection, not the gzip data, ended early
            }
            throw ApiException.badRequest("The gzip request body is corrupt");
        }
    }

    private static ApiException incomplete() {
        return ApiException.badRequest("The request body could not be read completely");
    }

    private <T> T parse(byte[] bytes, Class<T> type) {
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        try {
            return ApiJson.mapper().readValue(bytes, type);
        } catch (StreamReadException e) {
            throw new ApiException(400, "malformed_json", "Malformed JSON" + at(e.getLocation()) + ": "
                    + e.getOriginalMessage(), null, Map.of());
        } catch (InvalidDefinitionException e) {
            throw new IllegalStateException("cannot bind " + type.getSimpleName(), e); // our bug, not the client's
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("Unknown field '" + path(e) + "'" + at(e.getLocation()));
        } catch (DatabindException e) {
            String path = path(e);
            throw ApiException.badRequest((path.isEmpty() ? "The request body must be a JSON object"
                    : "Invalid value for '" + path + "'") + at(e.getLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException("parsing an in-memory body failed", e);
        }
    }

    /**
     * Reads to the end into one array sized from {@code expected} (the declared length, or -1), growing only if
     * the body is longer, so a body is copied once rather than through chunks and a final copy.
     */
    private static byte[] readAtMost(InputStream in, long limit, long expected) throws IOException {
        byte[] buffer = new byte[(int) Math.min(limit + 1, Math.max(expected, MIN_BUFFER_BYTES))];
        int total = 0;
        while (true) {
            if (total == buffer.length) {
                int next = in.read(); // full: the body may end right here
                if (next == -1) {
                    return buffer;
                }
                if (total + 1L > limit) {
                    throw tooLarge(limit);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit + 1, buffer.length * 2L));
                buffer[total++] = (byte) next;
            }
            int n = in.read(buffer, total, buffer.length - total);
            if (n == -1) {
                return Arrays.copyOf(buffer, total);
            }
            total += n;
            if (total > limit) {
                throw tooLarge(limit);
            }
        }
    }

    /** The compressed side of a gzip body: refused past the limit, and remembers whether the connection failed. */
    private static final class CappedInput extends FilterInputStream {
        private final long limit;
        private long total;
        private boolean sourceFailed;

        CappedInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                sourceFailed = true;
                throw e;
            }
            if (n > 0) {
                total += n;
                if (total > limit) {
                    throw tooLarge(limit);
                }
            }
            return n;
        }
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(413, "payload_too_large", "Request body is larger than " + limit + " bytes", null,
                Map.of("max_bytes", limit));
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** {@code items[2].name}: where in the document the problem is, without the offending value. */
    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
        }
        return path.toString();
    }
}
