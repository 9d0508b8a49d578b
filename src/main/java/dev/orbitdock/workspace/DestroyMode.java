package dev.orbitdock.workspace;

/** GRACEFUL drains first (remote: sync); FORCE ends everything now. */
public enum DestroyMode { GRACEFUL, FORCE }
