package dev.orbitdock.workspace;

/** Where a workspace lives. */
public enum WorkspaceKind { LOCAL, DAYTONA, SSH, DOCKER }
