package dev.orbitdock.store;

import java.sql.Connection;
import java.sql.SQLException;

/** What a {@link TransactionWork} may use: the write connection, and the same applier ordinary commands go through. */
public interface WorkContext {
    /** The writer's connection, inside its open transaction. Do not commit, roll back or close it. */
    Connection connection();

    /** Applies a command exactly like a submitted one; its {@link Applied} reaches the commit listener after commit. */
    Applied apply(PersistCommand command) throws SQLException;
}
