package dev.orbitdock.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty produces before or around Javalin (unparseable requests, oversized headers, 503 while
 * shutting down, sendError from the WebSocket upgrade) in the same JSON shape as everything else, whatever the
 * client's Accept header says.
 */
final class JettyErrorHandler extends ErrorHandler {

    JettyErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code,
                                                 String message, Throwable cause) {
        byte[] body = json(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }

    private static byte[] json(int status, String reason) {
        // Jetty's reason for a 500 may describe server internals.
        String message = status >= 500 && status != 503 ? ErrorMapper.INTERNAL_MESSAGE
                : reason == null || reason.isBlank() ? "HTTP " + status : reason;
        try {
            return ApiJson.mapper().writeValueAsBytes(ErrorMapper.body(codeFor(status), message, null, Map.of()));
        } catch (JsonProcessingException e) {
            return ("{\"code\":\"" + codeFor(status) + "\",\"error\":\"HTTP " + status + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
