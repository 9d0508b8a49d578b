package dev.orbitdock.workspace;

/** The workspace row vocabulary: {@code creating → ready → running → destroying → destroyed}, or {@code failed}. */
public enum WorkspaceStatus {
    CREATING, READY, RUNNING, DESTROYING, DESTROYED, FAILED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
