package dev.orbitdock.http;

import dev.orbitdock.common.OrbitDockException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** What every OrbitDock HTTP server shares: quiet start, virtual threads, our JSON, JSON errors, a clear port error. */
final class JavalinDefaults {
    private JavalinDefaults() {}

    static void apply(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.concurrency.useVirtualThreads = true;
        config.jsonMapper(new JavalinJackson(ApiJson.mapper(), true));
        config.http.prefer405over404 = true;
        new ErrorMapper().register(config.routes);
    }

    /** {@code [::1]} → {@code ::1}: Jetty wants the bare address. */
    static String bareHost(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // binding will fail and say so
        }
    }

    /** @throws OrbitDockException {@code port_in_use} when the address is taken */
    static void start(Javalin javalin, String host, int port) {
        try {
            javalin.start(bareHost(host), port);
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                throw new OrbitDockException("port_in_use", "Port " + port + " on " + host + " is already in use",
                        "stop the other process or pass --bind " + host + ":<other port>", e);
            }
            throw e;
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
