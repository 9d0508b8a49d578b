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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans committed commands out to subscribers as event JSON. {@link #committed} runs on the persistence writer's
 * thread, so it only serializes and offers to bounded per-subscriber queues; each subscriber's virtual thread does
 * the (possibly slow) sending. A subscriber whose queue overflows is dropped, so it can never slow the writer.
 *
 * <p>Every event gets the next {@linkplain #revision() revision}. Revisions are assigned on the writer thread in
 * commit order, so every subscriber sees them increasing, and a change with revision {@code r} is committed (and
 * visible to readers) before any subscriber hears of it.
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
    /** Written only by the writer thread (in {@link #committed}); read by anyone. */
    private final AtomicLong revision = new AtomicLong();

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

        /**
         * Runs {@code task} on the subscriber's thread, after the events already queued and before later ones; a
         * subscriber whose queue is full is dropped as too slow, like for an event.
         */
        void enqueue(SinkTask task);
    }

    /** Work queued behind a subscriber's pending events (see {@link Subscription#enqueue}). */
    @FunctionalInterface
    public interface SinkTask {
        void run() throws Exception;
    }

    /** Starts delivering events to {@code sink}, preceded by {@code greeting} (may be empty). */
    public Subscription subscribe(EventSink sink, List<String> greeting) {
        Subscriber subscriber = new Subscriber(sink, new ArrayBlockingQueue<>(queueCapacity + greeting.size()));
        greeting.forEach(text -> subscriber.queue.add(new Item.Text(text)));
        subscribers.add(subscriber);
        subscriber.thread.start();
        return subscriber;
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** The revision of the latest event published (0 before the first): everything up to it is committed. */
    public long revision() {
        return revision.get();
    }

    @Override
    public void committed(List<Applied> applied) {
        for (Applied one : applied) {
            long next = revision.incrementAndGet();
            if (subscribers.isEmpty()) {
                continue;
            }
            String json;
            try {
                json = eventJson(one);
            } catch (RuntimeException e) { // one unserializable command must not cost the batch's other events
                log.warn("cannot publish {}: {}", StoreJson.typeName(one.command().getClass()), e.toString());
                continue;
            }
            Item event = new Item.Event(new HubEvent(next, one, json));
            for (Subscriber subscriber : subscribers) {
                subscriber.offer(event);
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

    /** What a subscriber's queue holds: a greeting, an event, or a task queued behind the events. */
    private sealed interface Item {
        void deliverTo(EventSink sink) throws Exception;

        record Text(String json) implements Item {
            @Override
            public void deliverTo(EventSink sink) throws Exception {
                sink.send(json);
            }
        }

        record Event(HubEvent event) implements Item {
            @Override
            public void deliverTo(EventSink sink) throws Exception {
                sink.deliver(event);
            }
        }

        record Task(SinkTask task) implements Item {
            @Override
            public void deliverTo(EventSink sink) throws Exception {
                task.run();
            }
        }
    }

    private final class Subscriber implements Subscription {
        private final EventSink sink;
        private final BlockingQueue<Item> queue;
        /** Set once, by whoever stops the subscriber first; code 0 means "do not close the sink". */
        private final AtomicReference<CloseSignal> stopped = new AtomicReference<>();
        private final Thread thread;

        Subscriber(EventSink sink, BlockingQueue<Item> queue) {
            this.sink = sink;
            this.queue = queue;
            this.thread = Thread.ofVirtual().name("event-subscriber").unstarted(this::drain);
        }

        void offer(Item item) {
            if (!queue.offer(item)) {
                stop(CLOSE_TRY_AGAIN_LATER, "too slow: more than " + queueCapacity + " events pending");
            }
        }

        @Override
        public void enqueue(SinkTask task) {
            offer(new Item.Task(task));
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
                    Item item = queue.take();
                    if (stopped.get() != null) {
                        break;
                    }
                    item.deliverTo(sink);
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
