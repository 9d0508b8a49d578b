package dev.orbitdock.workspace;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * An https-style git host holding only private repos: every request without credentials gets 401 with a Basic
 * challenge, as GitHub answers an anonymous clone of a private repo.
 */
public final class PrivateRepoServer implements AutoCloseable {
    private final HttpServer server;

    public PrivateRepoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"private\"");
                exchange.sendResponseHeaders(401, -1);
            }
        });
        server.start();
    }

    /** The clone URL of a private repo there. */
    public String repoUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/acme/private.git";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
