package dev.orbitdock.mission;

import dev.orbitdock.workspace.WorkspaceView;

/**
 * What destroying a workspace did.
 *
 * @param workspace     the row as it is afterwards (destroyed, token revoked)
 * @param stoppedIssue  the identifier of the issue whose run in flight was stopped and failed, or null
 * @param viaProvider   whether it was a mission's workspace, removed through its provider (false: only the row)
 * @param removed       whether that removal succeeded (false: the provider refused, see the log; remove it by hand)
 */
public record DestroyOutcome(WorkspaceView workspace, String stoppedIssue, boolean viaProvider, boolean removed) {}
