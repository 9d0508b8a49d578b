package dev.orbitdock.workspace.ssh;

import dev.orbitdock.workspace.WorkspaceException;
import java.util.Arrays;
import java.util.List;

/** One machine of the {@code ssh_hosts} pool. */
public record SshHost(String host, int port) {
    public static final int DEFAULT_PORT = 22;

    /** {@code host}, {@code host:port}, a bare IPv6 address, or {@code [v6]:port}. */
    public static SshHost parse(String value) {
        String text = value.strip();
        if (text.isEmpty() || text.contains(" ")) {
            throw invalid(value);
        }
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            String rest = end < 0 ? "" : text.substring(end + 1);
            if (end < 2 || !rest.isEmpty() && !rest.startsWith(":")) {
                throw invalid(value);
            }
            return new SshHost(text.substring(1, end), rest.isEmpty() ? DEFAULT_PORT : port(rest.substring(1), value));
        }
        int colon = text.indexOf(':');
        if (colon < 0 || colon != text.lastIndexOf(':')) {
            return new SshHost(text, DEFAULT_PORT); // a name, or a bare IPv6 address
        }
        if (colon == 0) {
            throw invalid(value);
        }
        return new SshHost(text.substring(0, colon), port(text.substring(colon + 1), value));
    }

    private static int port(String text, String value) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw invalid(value);
    }

    /** The comma-separated {@code ssh_hosts} setting. */
    public static List<SshHost> parseList(String value) {
        List<SshHost> hosts = Arrays.stream(value.split(",")).filter(s -> !s.isBlank()).map(SshHost::parse).toList();
        if (hosts.isEmpty()) {
            throw new WorkspaceException("ssh_no_hosts", "ssh_hosts lists no host",
                    "orbitdock config set ssh_hosts build1.example.com,build2.example.com:2222", null);
        }
        return hosts;
    }

    private static WorkspaceException invalid(String value) {
        return new WorkspaceException("ssh_invalid_host", "'" + value + "' is not host or host:port",
                "e.g. build1.example.com or 10.0.0.5:2222", null);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
