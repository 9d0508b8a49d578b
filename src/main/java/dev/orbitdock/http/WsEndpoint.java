package dev.orbitdock.http;

import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** {@code /ws}: each connection is an {@link EventHub} subscriber, greeted with {@code {"type":"hello"}}. */
final class WsEndpoint {
    static final String PATH = "/ws";
    /** A send that takes longer means the peer stopped reading; it is dropped rather than waited for. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /** Keeps idle connections (and NATs between) alive well inside Jetty's idle timeout. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(15);

    private final EventHub hub;
    private final String hello;
    private final Map<String, EventHub.Subscription> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean closing;

    WsEndpoint(EventHub hub, String version) {
        this.hub = hub;
        this.hello = ApiJson.mapper().createObjectNode().put("type", "hello").put("version", version).toString();
    }

    void register(RoutesConfig routes) {
        routes.ws(PATH, ws -> {
            ws.onConnect(this::connected);
            ws.onClose(this::disconnected);
            ws.onError(this::disconnected);
        });
    }

    private void connected(WsConnectContext ctx) {
        if (closing) {
            ctx.closeSession(EventHub.CLOSE_GOING_AWAY, "server shutting down");
            return;
        }
        ctx.enableAutomaticPings(PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        EventHub.Subscription subscription = hub.subscribe(new SessionSink(ctx.session), List.of(hello));
        subscriptions.put(ctx.sessionId(), subscription);
        if (closing) { // closeAll() ran between the check above and the put
            subscription.close(EventHub.CLOSE_GOING_AWAY, "server shutting down");
        }
    }

    private void disconnected(WsContext ctx) {
        ctx.disableAutomaticPings();
        EventHub.Subscription subscription = subscriptions.remove(ctx.sessionId());
        if (subscription != null) {
            subscription.cancel();
        }
    }

    int connectionCount() {
        return subscriptions.size();
    }

    /** Closes every connection with 1001 and waits (bounded) for the close handshakes, so clients see why. */
    void closeAll(Duration wait) {
        closing = true;
        subscriptions.values().forEach(s -> s.close(EventHub.CLOSE_GOING_AWAY, "server shutting down"));
        Instant deadline = Instant.now().plus(wait);
        while (!subscriptions.isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private record SessionSink(Session session) implements EventSink {
        @Override
        public void send(String json) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            session.sendText(json, sent);
            sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close(int code, String reason) {
            if (session.isOpen()) {
                session.close(code, reason, Callback.NOOP);
            }
        }
    }
}
