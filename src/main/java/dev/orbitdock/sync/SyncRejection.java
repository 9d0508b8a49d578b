package dev.orbitdock.sync;

/**
 * Why the receiver refused a batch. Each is thrown from inside the writer's work item, so the whole batch rolls
 * back; the HTTP layer maps each to its status code in one place.
 */
public abstract sealed class SyncRejection extends RuntimeException {
    SyncRejection(String message) {
        super(message, null, false, false); // expected outcomes: no stack trace
    }

    /** The first new sequence is not {@code ackedThrough + 1}: the client must resend from {@code expected}. */
    public static final class SequenceGap extends SyncRejection {
        private final long expected;
        private final long ackedThrough;

        public SequenceGap(long expected, long ackedThrough) {
            super("sequence gap: expected " + expected);
            this.expected = expected;
            this.ackedThrough = ackedThrough;
        }

        public long expected() {
            return expected;
        }

        public long ackedThrough() {
            return ackedThrough;
        }
    }

    /** A generation lower than the highest seen: a zombie from an earlier start of this workspace. */
    public static final class StaleGeneration extends SyncRejection {
        private final long highest;
        private final long ackedThrough;

        public StaleGeneration(long highest, long ackedThrough) {
            super("stale generation: this workspace has seen generation " + highest);
            this.highest = highest;
            this.ackedThrough = ackedThrough;
        }

        public long highest() {
            return highest;
        }

        public long ackedThrough() {
            return ackedThrough;
        }
    }

    /** A command outside the workspace's own session, mission issue and workspace row. */
    public static final class ScopeViolation extends SyncRejection {
        public ScopeViolation(String reason) {
            super(reason);
        }
    }

    /** The token's workspace has no row (destroyed, or never created here). */
    public static final class UnknownWorkspace extends SyncRejection {
        public UnknownWorkspace(String workspaceId) {
            super("unknown workspace " + workspaceId);
        }
    }

    /** Unparseable body, non-contiguous sequences, or more than {@link SyncBatch#MAX_ENVELOPES} envelopes. */
    public static final class MalformedBatch extends SyncRejection {
        private final boolean tooLarge;

        public MalformedBatch(String reason) {
            this(reason, false);
        }

        private MalformedBatch(String reason, boolean tooLarge) {
            super(reason);
            this.tooLarge = tooLarge;
        }

        static MalformedBatch tooLarge(int size) {
            return new MalformedBatch("a batch holds at most " + SyncBatch.MAX_ENVELOPES + " envelopes, not " + size,
                    true);
        }

        public boolean tooLarge() {
            return tooLarge;
        }
    }
}
