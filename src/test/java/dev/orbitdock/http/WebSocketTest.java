package dev.orbitdock.http;

import dev.orbitdock.testing.WsRecorder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.SessionCommand;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebSocketTest extends RunningServerTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final String SECRET = "sk-proj-secret-value-1234";


    @Test
    void greetsThenStreamsCommittedCommands() throws Exception {
        String token = test.apiToken();
        WsRecorder recorder = new WsRecorder();
        test.webSocket("/ws", token, recorder).get(10, TimeUnit.SECONDS);

        JsonNode hello = recorder.next();
        assertThat(hello.get("type").asText()).isEqualTo("hello");
        assertThat(hello.get("version").asText()).isEqualTo(TestServer.VERSION);

        test.writer.write(new SessionCommand.Create("od-s1", "claude", "running", null, null, null, null, T0));
        JsonNode created = recorder.next();
        assertThat(created.get("type").asText()).isEqualTo("session.create");
        assertThat(created.get("entity").asText()).isEqualTo("session");
        assertThat(created.get("id").asText()).isEqualTo("od-s1");
        assertThat(created.get("command").get("provider").asText()).isEqualTo("claude");

        test.writer.write(new ConversationCommand.Append("od-r1", "od-s1", null, "message",
                TestServer.JSON.createObjectNode().put("text", "hi"), T0));
        JsonNode appended = recorder.next();
        assertThat(appended.get("type").asText()).isEqualTo("conversation.append");
        assertThat(appended.get("sequence").asLong()).isEqualTo(1);
        assertThat(appended.get("command").get("payload").get("text").asText()).isEqualTo("hi");
    }

    @Test
    void configEventsCarryNoCommand() throws Exception {
        String token = test.apiToken();
        WsRecorder recorder = new WsRecorder();
        test.webSocket("/ws", token, recorder).get(10, TimeUnit.SECONDS);
        recorder.next(); // hello

        test.config.set("openai_api_key", SECRET);

        String raw = recorder.messages.poll(10, TimeUnit.SECONDS);
        assertThat(raw).isNotNull().doesNotContain(SECRET).doesNotContain("enc:v1");
        JsonNode event = TestServer.JSON.readTree(raw);
        assertThat(event.get("type").asText()).isEqualTo("config.set");
        assertThat(event.get("entity").asText()).isEqualTo("config");
        assertThat(event.get("id").asText()).isEqualTo("openai_api_key");
        assertThat(event.has("command")).isFalse();
    }

    @Test
    void acceptsTheTokenAsAQueryParameter() throws Exception {
        String token = test.apiToken();
        WsRecorder recorder = new WsRecorder();

        test.webSocket("/ws?token=" + token, null, recorder).get(10, TimeUnit.SECONDS);

        assertThat(recorder.next().get("type").asText()).isEqualTo("hello");
    }

    @Test
    void rejectsAnUpgradeWithoutAToken() {
        test.apiToken();

        Throwable failure = catchThrowable(() -> test.webSocket("/ws", null, new WsRecorder()).get(10, TimeUnit.SECONDS));

        assertThat(failure).hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode()).isEqualTo(401);
        assertThat(test.events.subscriberCount()).isZero();
    }

    @Test
    void rejectsAnUpgradeWithAWorkspaceToken() {
        test.apiToken();
        String workspaceToken = test.workspaceToken("od-ws1");

        Throwable failure = catchThrowable(() ->
                test.webSocket("/ws?token=" + workspaceToken, null, new WsRecorder()).get(10, TimeUnit.SECONDS));

        assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode()).isEqualTo(403);
    }

    @Test
    void openOnLoopbackWhileNoTokenExists() throws Exception {
        WsRecorder recorder = new WsRecorder();

        test.webSocket("/ws", null, recorder).get(10, TimeUnit.SECONDS);

        assertThat(recorder.next().get("type").asText()).isEqualTo("hello");
    }

    @Test
    void aClosedClientIsUnsubscribed() throws Exception {
        WsRecorder recorder = new WsRecorder();
        WebSocket socket = test.webSocket("/ws", test.apiToken(), recorder).get(10, TimeUnit.SECONDS);
        recorder.next();
        assertThat(test.events.subscriberCount()).isEqualTo(1);

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> test.events.subscriberCount() == 0);
    }
}
