package dev.orbitdock.store;

import java.util.OptionalLong;

/**
 * What applying one command did: the entity it touched and, for conversation rows, the sequence assigned.
 * Commit listeners receive these after the transaction that holds them has committed.
 */
public record Applied(PersistCommand command, Entity entity, String entityId, OptionalLong sequence) {

    public enum Entity { SESSION, MISSION, MISSION_ISSUE, WORKSPACE, CONFIG, AUTH_TOKEN }

    static Applied of(PersistCommand command, Entity entity, String entityId) {
        return new Applied(command, entity, entityId, OptionalLong.empty());
    }
}
