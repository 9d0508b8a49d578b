package dev.orbitdock.http;

/** Where an {@link EventHub} subscriber's events go (a WebSocket session, a test's list). */
public interface EventSink {

    /** Delivers one event; may block, since it runs on the subscriber's own thread, never the writer's. */
    void send(String json) throws Exception;

    /** Delivers one committed change; by default its event JSON, as {@link #send}. Runs where {@link #send} runs. */
    default void deliver(HubEvent event) throws Exception {
        send(event.json());
    }

    /** The hub dropped this subscriber (too slow, send failed, or shutting down); called once, never concurrently with {@link #send}. */
    void close(int code, String reason);
}
