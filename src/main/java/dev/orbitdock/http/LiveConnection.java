package dev.orbitdock.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.mission.IssueSummary;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.MissionSummary;
import dev.orbitdock.store.Applied;
import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.MissionCommand;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.workspace.WorkspaceView;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code /ws} connection's view of the event stream (docs/websocket.md). Until the client subscribes to a
 * topic it receives every event as it is (the original stream); from its first {@code subscribe} on, it receives
 * only snapshots and deltas of the topics it subscribed to.
 *
 * <p>Everything here runs on the connection's hub subscriber thread: events arrive through {@link #deliver} and
 * (un)subscribe requests are queued behind them with {@link EventHub.Subscription#enqueue}, so a snapshot is read
 * after every event already delivered and before every later one, and no field needs a lock.
 */
final class LiveConnection implements EventSink {
    /** Per subscribed topic: the snapshot's revision, and for a session the highest row sequence sent. */
    private static final class State {
        final long snapshotRevision;
        long lastSequence;

        State(long snapshotRevision) {
            this.snapshotRevision = snapshotRevision;
        }
    }

    private final EventSink socket;
    private final LiveQueries queries;
    private final Map<LiveTopic, State> topics = new HashMap<>();
    private boolean topicMode;
    /** The revision of the latest event this connection has seen (or skipped). */
    private long revision;

    LiveConnection(EventSink socket, LiveQueries queries, long revisionAtConnect) {
        this.socket = socket;
        this.queries = queries;
        this.revision = revisionAtConnect;
    }

    @Override
    public void send(String json) throws Exception {
        socket.send(json);
    }

    @Override
    public void close(int code, String reason) {
        socket.close(code, reason);
    }

    @Override
    public void deliver(HubEvent event) throws Exception {
        revision = Math.max(revision, event.revision());
        if (!topicMode) {
            socket.send(event.json());
            return;
        }
        Applied applied = event.applied();
        switch (applied.entity()) {
            case MISSION -> missionChanged(event, applied.entityId(), applied.command() instanceof MissionCommand.Delete);
            case MISSION_ISSUE -> issueChanged(event, applied.entityId());
            case SESSION -> sessionChanged(event, applied);
            case WORKSPACE -> workspaceChanged(event, applied);
            case CONFIG, AUTH_TOKEN -> { } // not part of any topic
        }
    }

    /** Handles one client message: {@code {"type":"subscribe"|"unsubscribe","topic":…,"after":n}}. */
    void request(String type, String topicName, long after) throws Exception {
        Optional<LiveTopic> parsed = LiveTopic.parse(topicName);
        if (parsed.isEmpty()) {
            error(topicName, "invalid_topic",
                    "Topic must be 'dashboard', 'workspaces', 'mission:<id>' or 'session:<id>'");
            return;
        }
        LiveTopic topic = parsed.get();
        switch (type) {
            case "subscribe" -> subscribe(topic, after);
            case "unsubscribe" -> topics.remove(topic);
            default -> error(topicName, "invalid_message", "Message type must be 'subscribe' or 'unsubscribe'");
        }
    }

    void error(String topic, String code, String message) throws Exception {
        ObjectNode error = ApiJson.mapper().createObjectNode().put("type", "error").put("code", code)
                .put("error", message);
        if (topic != null) {
            error.put("topic", topic);
        }
        socket.send(error.toString());
    }

    private void subscribe(LiveTopic topic, long after) throws Exception {
        topicMode = true;
        long snapshotRevision = revision; // every change up to it is committed, so the reads below include it
        switch (topic) {
            case LiveTopic.Dashboard dashboard -> {
                topics.put(topic, new State(snapshotRevision));
                send(message("snapshot", topic, snapshotRevision).putPOJO("missions", queries.missions()));
            }
            case LiveTopic.Workspaces workspaces -> {
                topics.put(topic, new State(snapshotRevision));
                send(message("snapshot", topic, snapshotRevision).putPOJO("workspaces", queries.workspaces()));
            }
            case LiveTopic.Mission mission -> {
                Optional<LiveQueries.Board> board = queries.board(mission.id());
                if (board.isEmpty()) {
                    topics.remove(topic);
                    error(topic.name(), "mission_not_found", "No mission '" + mission.id() + "'");
                    return;
                }
                topics.put(topic, new State(snapshotRevision));
                send(message("snapshot", topic, snapshotRevision).putPOJO("mission", board.get().mission())
                        .putPOJO("issues", board.get().issues()).putPOJO("provisioning", board.get().provisioning()));
            }
            case LiveTopic.Session session -> subscribeSession(session, after, snapshotRevision);
        }
    }

    /**
     * Sends the session and its rows after {@code after} in pages; the last page says {@code complete: true}. A
     * session that does not exist yet is a null {@code session} and no rows: an issue names its session when it
     * is claimed, before the agent starts, and its page subscribes then; the session's creation and rows follow.
     */
    private void subscribeSession(LiveTopic.Session topic, long after, long snapshotRevision) throws Exception {
        Optional<SessionDetail> session = queries.session(topic.id());
        State state = new State(snapshotRevision);
        state.lastSequence = after;
        topics.put(topic, state);
        boolean first = true;
        while (true) {
            List<ConversationRow> rows = queries.rows(topic.id(), state.lastSequence).orElse(List.of());
            if (!rows.isEmpty()) {
                state.lastSequence = rows.getLast().sequence();
            }
            boolean complete = rows.size() < LiveQueries.ROWS_PER_MESSAGE;
            ObjectNode page = message("snapshot", topic, snapshotRevision).putPOJO("rows", rows)
                    .put("complete", complete);
            if (first) {
                page.putPOJO("session", session.orElse(null));
                first = false;
            }
            send(page);
            if (complete) {
                return;
            }
        }
    }

    private void missionChanged(HubEvent event, String missionId, boolean deleted) throws Exception {
        LiveTopic.Mission board = new LiveTopic.Mission(missionId);
        List<LiveTopic> interested = interested(event, new LiveTopic.Dashboard(), board);
        if (interested.isEmpty()) {
            return;
        }
        Optional<MissionSummary> mission = deleted ? Optional.empty() : queries.mission(missionId);
        for (LiveTopic topic : interested) {
            send(mission.isPresent()
                    ? message("mission", topic, event.revision()).putPOJO("mission", mission.get())
                    : message("mission_deleted", topic, event.revision()).put("id", missionId));
        }
        if (mission.isEmpty()) {
            topics.remove(board);
        }
    }

    private void issueChanged(HubEvent event, String issueId) throws Exception {
        boolean dashboard = !interested(event, new LiveTopic.Dashboard()).isEmpty();
        if (!dashboard && topics.keySet().stream().noneMatch(t -> t instanceof LiveTopic.Mission)) {
            return; // nobody here shows issues: spare the read
        }
        Optional<MissionIssue> issue = queries.issue(issueId);
        if (issue.isEmpty()) {
            return;
        }
        LiveTopic board = new LiveTopic.Mission(issue.get().missionId());
        if (!interested(event, board).isEmpty()) {
            send(message("issue", board, event.revision()).putPOJO("issue", IssueSummary.of(issue.get())));
        }
        if (dashboard) { // the mission's counts changed
            Optional<MissionSummary> mission = queries.mission(issue.get().missionId());
            if (mission.isPresent()) {
                send(message("mission", new LiveTopic.Dashboard(), event.revision()).putPOJO("mission", mission.get()));
            }
        }
    }

    /**
     * Every workspace change (sync acks and heartbeats included) for the workspaces topic; a change of its
     * {@code connection_info} (where provisioning steps are kept) also for its issue's board.
     */
    private void workspaceChanged(HubEvent event, Applied applied) throws Exception {
        boolean list = !interested(event, new LiveTopic.Workspaces()).isEmpty();
        boolean steps = applied.command() instanceof WorkspaceCommand.Update update
                && !update.connectionInfo().isAbsent();
        boolean boards = steps && topics.keySet().stream().anyMatch(t -> t instanceof LiveTopic.Mission);
        if (!list && !boards) {
            return; // spare the read
        }
        Optional<WorkspaceView> workspace = queries.workspace(applied.entityId());
        if (workspace.isEmpty()) {
            return;
        }
        WorkspaceView view = workspace.get();
        if (list) {
            send(message("workspace", new LiveTopic.Workspaces(), event.revision()).putPOJO("workspace", view));
        }
        if (boards && view.missionId() != null && view.missionIssueId() != null) {
            LiveTopic board = new LiveTopic.Mission(view.missionId());
            if (!interested(event, board).isEmpty()) {
                send(message("provisioning", board, event.revision()).putPOJO("provisioning",
                        queries.provisioning(view.missionIssueId(), view.id())));
            }
        }
    }

    private void sessionChanged(HubEvent event, Applied applied) throws Exception {
        LiveTopic.Session topic = new LiveTopic.Session(applied.entityId());
        if (interested(event, topic).isEmpty()) {
            return;
        }
        State state = topics.get(topic);
        if (applied.command() instanceof ConversationCommand row) {
            long sequence = applied.sequence().orElseThrow();
            if (row instanceof ConversationCommand.Append && sequence <= state.lastSequence) {
                return; // already in the snapshot
            }
            state.lastSequence = Math.max(state.lastSequence, sequence);
            send(message("row", topic, event.revision()).putPOJO("row", ConversationRow.of(row, sequence)));
            return;
        }
        Optional<SessionDetail> session = queries.session(topic.id());
        if (session.isPresent()) { // created, updated, ended or new token usage
            send(message("session", topic, event.revision()).putPOJO("session", session.get()));
        }
    }

    /** Which of {@code candidates} are subscribed and have not already seen this event in their snapshot. */
    private List<LiveTopic> interested(HubEvent event, LiveTopic... candidates) {
        return Arrays.stream(candidates).filter(topic -> {
            State state = topics.get(topic);
            return state != null && event.revision() > state.snapshotRevision;
        }).toList();
    }

    private static ObjectNode message(String type, LiveTopic topic, long revision) {
        return ApiJson.mapper().createObjectNode().put("type", type).put("topic", topic.name())
                .put("revision", revision);
    }

    private void send(ObjectNode message) throws Exception {
        socket.send(ApiJson.mapper().writeValueAsString(message));
    }
}
