package dev.orbitdock.store;

/**
 * Which mutations a managed workspace replicates to the control plane: what its one session and its own mission
 * issue and workspace produce. Configuration, tokens and missions belong to each instance and never travel.
 */
public final class Replication {
    private Replication() {}

    public static boolean isReplicated(PersistCommand command) {
        return switch (command) {
            case SessionCommand c -> true;
            case ConversationCommand c -> true;
            case TokenUsageCommand c -> true;
            case MissionIssueCommand.Update c -> true;
            case MissionIssueCommand.Create c -> false;
            case WorkspaceCommand.Update c -> true;
            case WorkspaceCommand.Create c -> false;
            case MissionCommand c -> false;
            case ConfigCommand c -> false;
            case AuthTokenCommand c -> false;
        };
    }
}
