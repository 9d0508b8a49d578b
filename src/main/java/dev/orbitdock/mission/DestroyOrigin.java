package dev.orbitdock.mission;

/**
 * Where a person destroyed a workspace from: the REST API (and dashboard) through the server's orchestrator, or
 * {@code orbitdock workspace destroy}, which writes the database (a running server notices on its next tick).
 */
public enum DestroyOrigin {
    API("from the API"), CLI("from the CLI");

    private final String where;

    DestroyOrigin(String where) {
        this.where = where;
    }

    /** The issue's {@code last_error}. */
    String cause() {
        return "workspace destroyed " + where;
    }

    /** For the log and the tracker comment. */
    String where() {
        return where;
    }
}
