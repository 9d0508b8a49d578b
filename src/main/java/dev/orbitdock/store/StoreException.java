package dev.orbitdock.store;

import dev.orbitdock.common.OrbitDockException;

/** The database cannot be opened or used as it is; nothing was changed. */
public final class StoreException extends OrbitDockException {
    public StoreException(String code, String message, String hint, Throwable cause) {
        super(code, message, hint, cause);
    }
}
