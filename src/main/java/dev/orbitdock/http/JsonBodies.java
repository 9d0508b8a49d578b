package dev.orbitdock.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Request bodies: a size limit per path (checked against Content-Length before anything is read, and while
 * reading for chunked bodies) and JSON parsing whose failures name the position, never echo the body.
 */
final class JsonBodies {
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
            bytes = readAtMost(ctx.req().getInputStream(), limit);
        } catch (IOException e) {
            // The client stalled or went away mid-body: its problem, not a server fault worth a stack trace.
            throw ApiException.badRequest("The request body could not be read completely");
        }
        return parse(bytes, type);
    }

    /**
     * The raw body within the path's limit; a {@code Content-Encoding: gzip} body is inflated, and the limit then
     * applies to the inflated size too, so a small bomb cannot blow up in memory.
     */
    byte[] readBytes(Context ctx) {
        long limit = maxBytes(ctx.path());
        String encoding = ctx.header("Content-Encoding");
        try {
            InputStream in = ctx.req().getInputStream();
            if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
                return readAtMost(in, limit);
            }
            if (!encoding.strip().equalsIgnoreCase("gzip")) {
                throw new ApiException(415, "unsupported_encoding", "Content-Encoding must be gzip or identity");
            }
            byte[] compressed = readAtMost(in, limit);
            try (InputStream inflated = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
                return readAtMost(inflated, limit);
            } catch (ZipException | EOFException e) {
                throw ApiException.badRequest("The gzip request body is corrupt");
            }
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read completely");
        }
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

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) != -1) {
            total += n;
            if (total > limit) {
                throw tooLarge(limit);
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
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
