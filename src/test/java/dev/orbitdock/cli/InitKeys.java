package dev.orbitdock.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Types into a test terminal the way a person does: each chunk of keys only once the screen shows its prompt
 * (like tmux send-keys after capture-pane). Keys sent earlier would be line-disciplined before the prompter sets
 * the terminal up (echoed, Ctrl-C turned into a signal), which no person at a real terminal can do.
 */
final class InitKeys extends InputStream {
    /** The terminal's output, searchable while it is written. */
    static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits (on this monitor, no polling) until {@code wanted} appears at or after {@code from}. */
        synchronized int await(String wanted, int from) throws InterruptedIOException {
            long deadline = System.nanoTime() + 10_000_000_000L;
            int at;
            while ((at = text().indexOf(wanted, from)) < 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new InterruptedIOException("never shown: '" + wanted + "'; screen:\n" + text());
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
            }
            return at + wanted.length();
        }
    }

    private record Step(String waitFor, String keys) {}

    private final Screen screen;
    private final Deque<Step> steps = new ArrayDeque<>();
    private byte[] pending = new byte[0];
    private int position;
    private int searchFrom;

    InitKeys(Screen screen) {
        this.screen = screen;
    }

    /** Once {@code prompt} is on screen (after the previous one), type {@code keys}. */
    InitKeys after(String prompt, String keys) {
        steps.add(new Step(prompt, keys));
        return this;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (position == pending.length) {
            Step step = steps.poll();
            if (step == null) {
                return -1; // end of input, as when the person's terminal goes away
            }
            searchFrom = screen.await(step.waitFor(), searchFrom);
            pending = step.keys().getBytes(StandardCharsets.UTF_8);
            position = 0;
        }
        int n = Math.min(len, pending.length - position);
        System.arraycopy(pending, position, b, off, n);
        position += n;
        return n;
    }
}
