package dev.orbitdock.store;

import java.util.List;

/** Told, on the writer thread, what each committed transaction did. Must not block. */
@FunctionalInterface
public interface CommitListener {
    void committed(List<Applied> applied);

    CommitListener NONE = applied -> {};
}
