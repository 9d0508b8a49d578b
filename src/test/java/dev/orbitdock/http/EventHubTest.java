package dev.orbitdock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.store.Applied;
import dev.orbitdock.store.AuthTokenCommand;
import dev.orbitdock.store.ConfigCommand;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.SessionCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventHubTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private static final Applied SESSION_CREATED = new Applied(
            new SessionCommand.Create("od-s1", "claude", "running", null, null, null, null, AT),
            Applied.Entity.SESSION, "od-s1", OptionalLong.empty());

    @Test
    void eventCarriesTypeEntityIdAndCommand() throws Exception {
        JsonNode event = TestServer.JSON.readTree(EventHub.eventJson(SESSION_CREATED));

        assertThat(event.get("type").asText()).isEqualTo("session.create");
        assertThat(event.get("entity").asText()).isEqualTo("session");
        assertThat(event.get("id").asText()).isEqualTo("od-s1");
        assertThat(event.has("sequence")).isFalse();
        assertThat(event.get("command").get("type").asText()).isEqualTo("session.create");
        assertThat(event.get("command").get("sessionId").asText()).isEqualTo("od-s1");
        assertThat(event.get("command").get("startedAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void rowEventCarriesItsSequence() throws Exception {
        Applied appended = new Applied(new ConversationCommand.Append("od-r1", "od-s1", null, "message",
                TestServer.JSON.createObjectNode().put("text", "hi"), AT), Applied.Entity.SESSION, "od-s1",
                OptionalLong.of(7));

        JsonNode event = TestServer.JSON.readTree(EventHub.eventJson(appended));

        assertThat(event.get("sequence").asLong()).isEqualTo(7);
        assertThat(event.get("command").get("payload").get("text").asText()).isEqualTo("hi");
    }

    @Test
    void configAndTokenEventsOmitTheCommand() throws Exception {
        Applied configSet = new Applied(new ConfigCommand.Set("anthropic_api_key", "enc:v1:SECRETBLOB", AT),
                Applied.Entity.CONFIG, "anthropic_api_key", OptionalLong.empty());
        Applied tokenCreated = new Applied(new AuthTokenCommand.Create("abc", "label", "api", "5a17", "4a54", AT,
                null), Applied.Entity.AUTH_TOKEN, "abc", OptionalLong.empty());

        String configJson = EventHub.eventJson(configSet);
        String tokenJson = EventHub.eventJson(tokenCreated);

        assertThat(TestServer.JSON.readTree(configJson).has("command")).isFalse();
        assertThat(configJson).doesNotContain("SECRETBLOB");
        assertThat(TestServer.JSON.readTree(configJson).get("entity").asText()).isEqualTo("config");
        assertThat(TestServer.JSON.readTree(tokenJson).has("command")).isFalse();
        assertThat(TestServer.JSON.readTree(tokenJson).get("entity").asText()).isEqualTo("auth_token");
        assertThat(tokenJson).doesNotContain("4a54");
    }

    @Test
    void deliversTheGreetingThenEventsInOrder() {
        EventHub hub = new EventHub();
        RecordingSink sink = new RecordingSink();
        hub.subscribe(sink, List.of("hello"));

        hub.committed(List.of(SESSION_CREATED, SESSION_CREATED));

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.received.size() == 3);
        assertThat(sink.received.getFirst()).isEqualTo("hello");
        assertThat(sink.received.get(1)).isEqualTo(EventHub.eventJson(SESSION_CREATED));
    }

    @Test
    void aStuckSubscriberIsDroppedWithoutSlowingTheWriter() {
        EventHub hub = new EventHub(4);
        CountDownLatch never = new CountDownLatch(1);
        RecordingSink stuck = new RecordingSink() {
            @Override
            public void send(String json) throws Exception {
                never.await(); // a peer that stopped reading
            }
        };
        RecordingSink healthy = new RecordingSink();
        hub.subscribe(stuck, List.of());
        hub.subscribe(healthy, List.of());

        Duration slowest = Duration.ZERO;
        for (int i = 1; i <= 20; i++) {
            long started = System.nanoTime();
            hub.committed(List.of(SESSION_CREATED));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            slowest = took.compareTo(slowest) > 0 ? took : slowest;
            int delivered = i;
            await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> healthy.received.size() == delivered);
        }

        assertThat(slowest).isLessThan(Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(5)).until(() -> stuck.closeCode.get() == EventHub.CLOSE_TRY_AGAIN_LATER);
        assertThat(hub.subscriberCount()).isEqualTo(1);
        assertThat(healthy.closeCode.get()).isZero();
        never.countDown();
    }

    @Test
    void aFailingSubscriberIsDropped() {
        EventHub hub = new EventHub();
        RecordingSink failing = new RecordingSink() {
            @Override
            public void send(String json) {
                throw new IllegalStateException("peer gone");
            }
        };
        hub.subscribe(failing, List.of());

        hub.committed(List.of(SESSION_CREATED));

        await().atMost(Duration.ofSeconds(5)).until(() -> hub.subscriberCount() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> failing.closeCode.get() == EventHub.CLOSE_SERVER_ERROR);
    }

    @Test
    void cancelStopsDeliveryWithoutClosingTheSink() {
        EventHub hub = new EventHub();
        RecordingSink sink = new RecordingSink();
        EventHub.Subscription subscription = hub.subscribe(sink, List.of());

        subscription.cancel();
        hub.committed(List.of(SESSION_CREATED));

        assertThat(hub.subscriberCount()).isZero();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> sink.received.isEmpty() && sink.closeCode.get() == 0);
    }

    @Test
    void closeClosesTheSinkWithTheGivenCode() {
        EventHub hub = new EventHub();
        RecordingSink sink = new RecordingSink();
        hub.subscribe(sink, List.of()).close(EventHub.CLOSE_GOING_AWAY, "bye");

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.closeCode.get() == EventHub.CLOSE_GOING_AWAY);
        assertThat(hub.subscriberCount()).isZero();
    }

    @Test
    void numbersEventsInCommitOrderAndRunsATaskAfterTheEventsBeforeIt() {
        EventHub hub = new EventHub();
        List<Long> revisions = new CopyOnWriteArrayList<>();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void deliver(HubEvent event) {
                revisions.add(event.revision());
                received.add(event.json());
            }
        };
        hub.committed(List.of(SESSION_CREATED)); // nobody listens yet, but it still counts
        EventHub.Subscription subscription = hub.subscribe(sink, List.of());

        hub.committed(List.of(SESSION_CREATED, SESSION_CREATED));
        subscription.enqueue(() -> sink.received.add("task"));
        hub.committed(List.of(SESSION_CREATED));

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.received.size() == 4);
        assertThat(revisions).containsExactly(2L, 3L, 4L);
        assertThat(sink.received.get(2)).isEqualTo("task");
        assertThat(hub.revision()).isEqualTo(4);
    }

    private static class RecordingSink implements EventSink {
        final List<String> received = new CopyOnWriteArrayList<>();
        final AtomicInteger closeCode = new AtomicInteger();

        @Override
        public void send(String json) throws Exception {
            received.add(json);
        }

        @Override
        public void close(int code, String reason) {
            closeCode.set(code);
        }
    }
}
