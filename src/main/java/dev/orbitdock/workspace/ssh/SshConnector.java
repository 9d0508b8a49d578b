package dev.orbitdock.workspace.ssh;

import dev.orbitdock.workspace.WorkspaceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/**
 * The ssh client of the pool: authenticated sessions per host, reused and re-opened when they drop; each command
 * runs on its own exec channel. A session carries at most {@link #CHANNELS_PER_SESSION} channels at once, since
 * sshd refuses more ({@code MaxSessions}, 10 by default); more concurrent commands open another session. Host keys
 * must be in {@code known_hosts}: an unknown or changed key refuses the connection rather than trusting it.
 */
public final class SshConnector implements AutoCloseable {
    static final int TAIL_BYTES = 64 * 1024;
    /** Below OpenSSH's default {@code MaxSessions} of 10. */
    static final int CHANNELS_PER_SESSION = 8;

    /** One connection to a host and its free channel slots. */
    private record Lane(ClientSession session, Semaphore channels) {}

    private final SshSettings settings;
    private final SshClient client;
    private final Map<SshHost, List<Lane>> lanes = new HashMap<>();

    public SshConnector(SshSettings settings) {
        this.settings = settings;
        if (!Files.isReadable(settings.keyPath())) {
            throw new WorkspaceException("ssh_key_unreadable", "Cannot read the ssh key " + settings.keyPath(),
                    "set ssh_key_path to a private key file this user can read", null);
        }
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE,
                settings.knownHosts()));
        client.setKeyIdentityProvider(new FileKeyPairProvider(settings.keyPath()));
        client.start();
    }

    /**
     * Runs {@code command} through the login shell with {@code stdin} (may be null) and waits up to {@code timeout}.
     *
     * @throws WorkspaceException when the host cannot be reached or refuses us
     */
    public SshResult run(SshHost host, String command, String stdin, Duration timeout) {
        Lane lane = lane(host);
        try (ChannelExec channel = lane.session().createExecChannel(command)) {
            TailBuffer out = new TailBuffer();
            TailBuffer err = new TailBuffer();
            channel.setIn(new ByteArrayInputStream(stdin == null ? new byte[0]
                    : stdin.getBytes(StandardCharsets.UTF_8)));
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(settings.connectTimeout());
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            boolean timedOut = events.contains(ClientChannelEvent.TIMEOUT);
            Integer status = channel.getExitStatus();
            return new SshResult(status == null ? -1 : status, timedOut, out.text(), err.text());
        } catch (IOException e) {
            drop(host, lane);
            throw new WorkspaceException("ssh_exec_failed", "ssh " + host + ": " + message(e),
                    "check that the host is up and sshd accepts " + settings.user(), e);
        } finally {
            release(host, lane);
        }
    }

    /** A channel slot on an open session to {@code host}, connecting another session when all are busy. */
    private synchronized Lane lane(SshHost host) {
        List<Lane> open = lanes.computeIfAbsent(host, h -> new ArrayList<>());
        open.removeIf(lane -> !lane.session().isOpen());
        for (Lane lane : open) {
            if (lane.channels().tryAcquire()) {
                return lane;
            }
        }
        Lane fresh = new Lane(connect(host), new Semaphore(CHANNELS_PER_SESSION - 1)); // one slot is the caller's
        open.add(fresh);
        return fresh;
    }

    /** After a failure no new command uses the session; it is closed once the commands still on it are done. */
    private synchronized void drop(SshHost host, Lane lane) {
        lanes.getOrDefault(host, List.of()).remove(lane);
    }

    private synchronized void release(SshHost host, Lane lane) {
        lane.channels().release();
        if (!lanes.getOrDefault(host, List.of()).contains(lane)
                && lane.channels().availablePermits() == CHANNELS_PER_SESSION) {
            lane.session().close(true);
        }
    }

    private ClientSession connect(SshHost host) {
        try {
            ClientSession session = client.connect(settings.user(), host.host(), host.port())
                    .verify(settings.connectTimeout()).getSession();
            try {
                session.auth().verify(settings.connectTimeout());
            } catch (IOException e) {
                session.close(true);
                throw e;
            }
            return session;
        } catch (IOException e) {
            throw refusal(host, e);
        }
    }

    private WorkspaceException refusal(SshHost host, IOException e) {
        String message = message(e);
        if (message.contains("Server key did not validate")) {
            return new WorkspaceException("ssh_unknown_host_key", "The host key of " + host + " is not in "
                    + settings.knownHosts() + " (or has changed)", "if the host is yours, add its key: ssh-keyscan -p "
                    + host.port() + " " + host.host() + " >> " + settings.knownHosts(), e);
        }
        if (e instanceof SshException && message.contains("No more authentication methods")) {
            return new WorkspaceException("ssh_auth_failed", settings.user() + "@" + host + " refused the key "
                    + settings.keyPath(), "add the public key to the host's ~/.ssh/authorized_keys", e);
        }
        return new WorkspaceException("ssh_unreachable", "Cannot reach " + host + ": " + message,
                "check ssh_hosts and that sshd listens there", e);
    }

    private static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public synchronized void close() {
        lanes.values().forEach(open -> open.forEach(lane -> lane.session().close(true)));
        lanes.clear();
        client.stop();
    }

    /** Keeps the last {@link #TAIL_BYTES} of a stream: a chatty setup command cannot fill memory. */
    private static final class TailBuffer extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            buffer.write(bytes, offset, length);
            if (buffer.size() > 2 * TAIL_BYTES) {
                byte[] all = buffer.toByteArray();
                buffer.reset();
                buffer.write(all, all.length - TAIL_BYTES, TAIL_BYTES);
            }
        }

        synchronized String text() {
            byte[] all = buffer.toByteArray();
            int from = Math.max(0, all.length - TAIL_BYTES);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }
    }
}
