package dev.orbitdock.sync;

import dev.orbitdock.store.ConversationCommand;
import dev.orbitdock.store.PersistCommand;
import dev.orbitdock.store.Replication;
import dev.orbitdock.store.SessionCommand;
import dev.orbitdock.store.TokenUsageCommand;
import dev.orbitdock.store.MissionIssueCommand;
import dev.orbitdock.store.WorkspaceCommand;
import java.util.Objects;

/**
 * What a workspace may write through sync: its own session (and that session's rows and usage), its own mission
 * issue and its own workspace row, never the receiver's sync cursors. Anything else is a {@link SyncRejection.ScopeViolation}.
 */
final class SyncScope {
    private SyncScope() {}

    static void check(WorkspaceCursor ws, PersistCommand command) {
        if (!Replication.isReplicated(command)) {
            throw violation(command, "is not a replicated command");
        }
        switch (command) {
            case SessionCommand.Create c -> {
                ownSession(ws, command, c.sessionId());
                if (c.workspaceId() != null && !c.workspaceId().equals(ws.workspaceId())
                        || c.missionIssueId() != null && !c.missionIssueId().equals(ws.missionIssueId())) {
                    throw violation(command, "links the session to another workspace or issue");
                }
            }
            case SessionCommand s -> ownSession(ws, command, s.sessionId());
            case ConversationCommand c -> ownSession(ws, command, c.sessionId());
            case TokenUsageCommand.Add t -> ownSession(ws, command, t.sessionId());
            case MissionIssueCommand.Update u -> {
                if (ws.missionIssueId() == null || !ws.missionIssueId().equals(u.missionIssueId())) {
                    throw violation(command, "touches mission issue " + u.missionIssueId());
                }
            }
            case WorkspaceCommand.Update u -> {
                if (!ws.workspaceId().equals(u.workspaceId())) {
                    throw violation(command, "touches workspace " + u.workspaceId());
                }
                // The cursors are the receiver's alone: a replicated write must not move them.
                if (!u.syncAckedThrough().isAbsent() || !u.syncGeneration().isAbsent()) {
                    throw violation(command, "sets the workspace's sync cursors");
                }
            }
            default -> throw violation(command, "is not allowed through sync");
        }
    }

    private static void ownSession(WorkspaceCursor ws, PersistCommand command, String sessionId) {
        if (ws.sessionId() == null || !Objects.equals(ws.sessionId(), sessionId)) {
            throw violation(command, "touches session " + sessionId);
        }
    }

    private static SyncRejection.ScopeViolation violation(PersistCommand command, String what) {
        return new SyncRejection.ScopeViolation("a " + command.getClass().getEnclosingClass().getSimpleName()
                + " command " + what + ", outside this workspace's own session, issue and workspace");
    }
}
