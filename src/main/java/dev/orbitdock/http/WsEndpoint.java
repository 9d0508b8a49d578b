package dev.orbitdock.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * {@code /ws}: each connection is an {@link EventHub} subscriber, greeted with {@code {"type":"hello"}}, that may
 * subscribe to topics (a {@link LiveConnection}; the protocol is in docs/websocket.md).
 */
final class WsEndpoint {
    static final String PATH = "/ws";
    /** A send that takes longer means the peer stopped reading; it is dropped rather than waited for. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /** Keeps idle connections (and NATs between) alive well inside Jetty's idle timeout. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(15);

    private record Connection(EventHub.Subscription subscription, LiveConnection live) {}

    private final EventHub hub;
    private final String version;
    private final LiveQueries queries;
    private final Map<String, Connection> subscriptions = new ConcurrentHashMap<>();
    /** Notified when a connection goes, so {@link #closeAll} waits for the last one without polling. */
    private final Object departures = new Object();
    private volatile boolean closing;

    WsEndpoint(EventHub hub, String version, LiveQueries queries) {
        this.hub = hub;
        this.version = version;
        this.queries = queries;
    }

    void register(RoutesConfig routes) {
        routes.ws(PATH, ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::received);
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
        long revision = hub.revision();
        String hello = ApiJson.mapper().createObjectNode().put("type", "hello").put("version", version)
                .put("revision", revision).toString();
        LiveConnection live = new LiveConnection(new SessionSink(ctx.session), queries, revision);
        EventHub.Subscription subscription = hub.subscribe(live, List.of(hello));
        subscriptions.put(ctx.sessionId(), new Connection(subscription, live));
        if (closing) { // closeAll() ran between the check above and the put
            subscription.close(EventHub.CLOSE_GOING_AWAY, "server shutting down");
        }
    }

    /** Client requests are queued behind the events already pending for it, so their replies come in order. */
    private void received(WsMessageContext ctx) {
        Connection connection = subscriptions.get(ctx.sessionId());
        if (connection == null) {
            return;
        }
        JsonNode message;
        try {
            message = ApiJson.mapper().readTree(ctx.message());
        } catch (Exception e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            connection.subscription().enqueue(() -> connection.live().error(null, "invalid_message",
                    "Messages must be JSON objects: {\"type\":\"subscribe\",\"topic\":…}"));
            return;
        }
        String type = message.path("type").asText("");
        String topic = message.path("topic").asText(null);
        long after = Math.max(0, message.path("after").asLong(0));
        connection.subscription().enqueue(() -> connection.live().request(type, topic, after));
    }

    private void disconnected(WsContext ctx) {
        ctx.disableAutomaticPings();
        Connection connection = subscriptions.remove(ctx.sessionId());
        synchronized (departures) {
            departures.notifyAll();
        }
        if (connection != null) {
            connection.subscription().cancel();
        }
    }

    int connectionCount() {
        return subscriptions.size();
    }

    /** Closes every connection with 1001 and waits (bounded) for the close handshakes, so clients see why. */
    void closeAll(Duration wait) {
        closing = true;
        subscriptions.values().forEach(c -> c.subscription().close(EventHub.CLOSE_GOING_AWAY, "server shutting down"));
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (departures) {
            long left;
            while (!subscriptions.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(departures, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
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
