package dev.orbitdock.sync;

/** A workspace's row as the receiver needs it: what it may touch and how far its stream has been applied. */
record WorkspaceCursor(String workspaceId, String sessionId, String missionIssueId, long ackedThrough,
                       long generation) {}
