package dev.orbitdock.app;

import dev.orbitdock.common.OrbitDockException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A validated {@code host:port} the server listens on. */
public record BindAddress(String host, int port) {

    public static BindAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw invalid(value);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw invalid(value);
            }
            return new BindAddress(host, port);
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
    }

    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new OrbitDockException("bind_unknown_host", "Cannot resolve bind host '" + host + "'",
                    "use an IP address such as 127.0.0.1 or 0.0.0.0", e);
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static OrbitDockException invalid(String value) {
        return new OrbitDockException("invalid_bind", "'" + value + "' is not a host:port address",
                "e.g. --bind 127.0.0.1:4000");
    }
}
