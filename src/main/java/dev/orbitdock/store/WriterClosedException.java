package dev.orbitdock.store;

/** A command was submitted after the writer began shutting down; it was not written. */
public final class WriterClosedException extends IllegalStateException {
    public WriterClosedException() {
        super("the persistence writer is shut down; the command was not written");
    }
}
