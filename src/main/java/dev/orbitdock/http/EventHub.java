package dev.orbitdock.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.store.Applied;
import dev.orbitdock.store.CommitListener;
import dev.orbitdock.store.StoreJson;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans committed commands out to subscribers as event JSON. {@link #committed} runs on the persistence writer's
 * thread, so it only serializes and offers to bounded per-subscriber queues; each subscriber's virtual thread does
 * the (possibly slow) sending. A subscriber whose queue overflows is dropped, so it can never slow the writer.
 */
public final class EventHub implements CommitListener {
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;
    /** WebSocket close codes used when the hub drops a subscriber. */
    public static final int CLOSE_GOING_AWAY = 1001;
    public static final int CLOSE_SERVER_ERROR = 1011;
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    private final int queueCapacity;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    public EventHub() {
        this(DEFAULT_QUEUE_CAPACITY);
    }

    public EventHub(int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive");
        }
        this.queueCapacity = queueCapacity;
    }

    /** A live subscription; {@link #cancel()} when the other side went away, {@link #close} to drop it. */
    public interface Subscription {
        /** Stops delivery without telling the sink (it is already gone). */
        void cancel();

        /** Stops delivery (events still queued are dropped) and closes the sink with {@code code}. */
        void close(int code, String reason);
    }

    /** Starts delivering events to {@code sink}, preceded by {@code greeting} (may be empty). */
    public Subscription subscribe(EventSink sink, List<String> greeting) {
        Subscriber subscriber = new Subscriber(sink, new ArrayBlockingQueue<>(queueCapacity + greeting.size()));
        greeting.forEach(subscriber.queue::add);
        subscribers.add(subscriber);
        subscriber.thread.start();
        return subscriber;
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    @Override
    public void committed(List<Applied> applied) {
        if (subscribers.isEmpty()) {
            return;
        }
        for (Applied one : applied) {
            String json;
            try {
                json = eventJson(one);
            } catch (RuntimeException e) { // one unserializable command must not cost the batch's other events
                log.warn("cannot publish {}: {}", StoreJson.typeName(one.command().getClass()), e.toString());
                continue;
            }
            for (Subscriber subscriber : subscribers) {
                subscriber.offer(json);
            }
        }
    }

    /**
     * {@code {"type","entity","id","sequence"?,"command"?}}. Config and token commands carry encrypted secrets and
     * token hashes, so their events say only what changed, not how.
     */
    static String eventJson(Applied applied) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("type", StoreJson.typeName(applied.command().getClass()));
        event.put("entity", applied.entity().name().toLowerCase(Locale.ROOT));
        event.put("id", applied.entityId());
        applied.sequence().ifPresent(sequence -> event.put("sequence", sequence));
        if (applied.entity() != Applied.Entity.CONFIG && applied.entity() != Applied.Entity.AUTH_TOKEN) {
            event.set("command", StoreJson.mapper().valueToTree(applied.command()));
        }
        return event.toString();
    }

    private record CloseSignal(int code, String reason) {}

    private final class Subscriber implements Subscription {
        private final EventSink sink;
        private final BlockingQueue<String> queue;
        /** Set once, by whoever stops the subscriber first; code 0 means "do not close the sink". */
        private final AtomicReference<CloseSignal> stopped = new AtomicReference<>();
        private final Thread thread;

        Subscriber(EventSink sink, BlockingQueue<String> queue) {
            this.sink = sink;
            this.queue = queue;
            this.thread = Thread.ofVirtual().name("event-subscriber").unstarted(this::drain);
        }

        void offer(String json) {
            if (!queue.offer(json)) {
                stop(CLOSE_TRY_AGAIN_LATER, "too slow: more than " + queueCapacity + " events pending");
            }
        }

        @Override
        public void cancel() {
            stop(0, null);
        }

        @Override
        public void close(int code, String reason) {
            stop(code, reason);
        }

        /** Non-blocking: the drain thread notices, leaves its loop and closes the sink itself. */
        private void stop(int code, String reason) {
            if (stopped.compareAndSet(null, new CloseSignal(code, reason))) {
                subscribers.remove(this);
                thread.interrupt();
            }
        }

        private void drain() {
            try {
                while (stopped.get() == null) {
                    String json = queue.take();
                    if (stopped.get() != null) {
                        break;
                    }
                    sink.send(json);
                }
            } catch (InterruptedException e) {
                // stop() was called
            } catch (Exception e) {
                log.debug("event subscriber failed, dropping it: {}", e.toString());
                stop(CLOSE_SERVER_ERROR, "send failed");
            }
            CloseSignal signal = stopped.get();
            if (signal.code() != 0) {
                Thread.interrupted(); // the stop signal is handled; let the sink wait for its close to go out
                try {
                    sink.close(signal.code(), signal.reason());
                } catch (RuntimeException e) {
                    log.debug("closing an event subscriber failed: {}", e.toString());
                }
            }
        }
    }
}
