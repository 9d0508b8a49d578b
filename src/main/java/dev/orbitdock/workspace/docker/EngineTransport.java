package dev.orbitdock.workspace.docker;

import dev.orbitdock.workspace.WorkspaceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 to the Docker Engine over its Unix socket or {@code tcp://host:port}, one connection per request
 * ({@code Connection: close}, so every answer ends at end of stream). Hand-written because the JDK's HttpClient
 * cannot speak over a Unix socket, and the dozen calls OrbitDock makes do not justify docker-java's dependency
 * tree (Guava, commons, its own Jackson line); see docs/dependencies.md.
 */
final class EngineTransport implements AutoCloseable {
    /** One answer: status, content type and the body with any chunked encoding removed. */
    record Response(int status, String contentType, byte[] body) {
        boolean ok() {
            return status / 100 == 2;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String dockerHost;
    private final SocketAddress address;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("docker-deadline").factory());

    /** @param dockerHost {@code unix:///path/to/docker.sock} or {@code tcp://host:port} */
    EngineTransport(String dockerHost) {
        this.dockerHost = dockerHost;
        this.address = address(dockerHost);
    }

    static SocketAddress address(String dockerHost) {
        URI uri = URI.create(dockerHost);
        return switch (uri.getScheme() == null ? "" : uri.getScheme()) {
            case "unix" -> UnixDomainSocketAddress.of(uri.getPath());
            case "tcp" -> {
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw invalid(dockerHost);
                }
                yield new InetSocketAddress(uri.getHost(), uri.getPort());
            }
            default -> throw invalid(dockerHost);
        };
    }

    private static WorkspaceException invalid(String dockerHost) {
        return new WorkspaceException("docker_host_invalid", "docker_host " + dockerHost
                + " is neither unix:///path nor tcp://host:port", "orbitdock config set docker_host "
                + "unix:///var/run/docker.sock", null);
    }

    /**
     * Sends one request and reads the whole answer; past {@code timeout} the connection is closed and the call
     * fails. {@code what} says what OrbitDock was doing, for the message.
     */
    Response send(String method, String target, String contentType, byte[] body, Duration timeout, String what) {
        try (SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
            ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(channel), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                channel.connect(address);
                StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                        .append("Host: docker\r\nConnection: close\r\n");
                if (body != null) {
                    head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ")
                            .append(body.length).append("\r\n");
                }
                head.append("\r\n");
                write(channel, head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    write(channel, body);
                }
                return parse(readAll(channel));
            } finally {
                deadline.cancel(false);
            }
        } catch (AsynchronousCloseException e) {
            throw new WorkspaceException("docker_timeout", "The Docker Engine at " + dockerHost + " did not finish"
                    + " to " + what + " within " + timeout.toSeconds() + "s", null, e);
        } catch (IOException e) {
            throw new WorkspaceException("docker_unreachable", "Cannot reach the Docker Engine at " + dockerHost
                    + " to " + what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    "check docker_host and that the engine runs (docker version)", e);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toByteArray();
    }

    /** Status line, headers, and a body framed by chunks, a length, or the end of the stream. */
    static Response parse(byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            throw new IOException("the engine closed the connection before answering");
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + lines[0]);
        }
        String contentType = "";
        String encoding = "";
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = lines[i].substring(colon + 1).strip();
            switch (lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT)) {
                case "content-type" -> contentType = value;
                case "transfer-encoding" -> encoding = value.toLowerCase(Locale.ROOT);
                case "content-length" -> length = Integer.parseInt(value);
                default -> { }
            }
        }
        int start = end + 4;
        byte[] body = encoding.contains("chunked") ? dechunk(raw, start)
                : Arrays.copyOfRange(raw, start, length < 0 ? raw.length : Math.min(raw.length, start + length));
        return new Response(Integer.parseInt(status[1]), contentType, body);
    }

    private static byte[] dechunk(byte[] raw, int from) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOf(raw, new byte[] {'\r', '\n'}, at);
            if (lineEnd < 0) {
                throw new IOException("a chunked answer ended early");
            }
            String size = new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";", 2)[0].strip();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                return out.toByteArray();
            }
            if (lineEnd + 2 + n > raw.length) {
                throw new IOException("a chunked answer ended early");
            }
            out.write(raw, lineEnd + 2, n);
            at = lineEnd + 2 + n + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is how the deadline ends the call; the call reports it
        }
    }
}
