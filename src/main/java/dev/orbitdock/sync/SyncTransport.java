package dev.orbitdock.sync;

import java.io.IOException;

/**
 * How {@link SyncWriter} reaches {@code POST /api/sync}: over HTTP in production ({@link HttpSyncTransport}), in
 * process in the convergence tests, where faults are injected between the client and the receiver.
 */
public interface SyncTransport {
    /** The receiver's answer: its status and JSON body (possibly empty or not JSON, e.g. a proxy's error page). */
    record Response(int status, String body) {}

    /**
     * @param body    the batch's JSON, gzip-compressed when {@code gzipped}
     * @throws IOException when no answer arrived (connection refused, reset, timed out): the batch may or may not
     *                     have been applied, so the writer resends it
     */
    Response post(byte[] body, boolean gzipped) throws IOException, InterruptedException;
}
