package dev.orbitdock.workspace;

import dev.orbitdock.common.OrbitDockException;

/** Provisioning or destroying failed; the message is the real cause (e.g. git's own words). */
public final class WorkspaceException extends OrbitDockException {
    public WorkspaceException(String code, String message, String hint, Throwable cause) {
        super(code, message, hint, cause);
    }
}
