package dev.orbitdock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client listener that records whole text messages and the close code. */
public final class WsRecorder implements WebSocket.Listener {
    public final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    public volatile int closeCode = -1;
    public volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode = statusCode;
        return null;
    }

    /** The next message as JSON; fails after a few seconds without one. */
    public JsonNode next() throws InterruptedException, IOException {
        String message = messages.poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no WebSocket message within 10 s");
        }
        return dev.orbitdock.common.Json.mapper().readTree(message);
    }
}
