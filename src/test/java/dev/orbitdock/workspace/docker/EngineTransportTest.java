package dev.orbitdock.workspace.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.workspace.WorkspaceException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written HTTP/1.1 and the engine's byte formats, each against what the other side really sends. */
class EngineTransportTest {
    @TempDir
    Path dir;

    @Test
    void dockerHostIsAUnixSocketOrATcpAddress() {
        assertThat(EngineTransport.address("unix:///var/run/docker.sock"))
                .isEqualTo(UnixDomainSocketAddress.of("/var/run/docker.sock"));
        assertThat(EngineTransport.address("tcp://10.0.0.5:2375")).isInstanceOfSatisfying(InetSocketAddress.class,
                a -> assertThat(a.getPort()).isEqualTo(2375));
        for (String wrong : List.of("/var/run/docker.sock", "tcp://10.0.0.5", "http://x:1", "ssh://me@host")) {
            assertThatThrownBy(() -> EngineTransport.address(wrong)).isInstanceOfSatisfying(WorkspaceException.class,
                    e -> assertThat(e.hint()).contains("docker_host"));
        }
    }

    @Test
    void answersAreFramedByChunksByLengthOrByTheEndOfTheStream() throws IOException {
        assertThat(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
                + "3;ext=1\r\n[{}\r\n1\r\n]\r\n0\r\n\r\n")).satisfies(r -> {
                    assertThat(r.text()).isEqualTo("[{}]");
                    assertThat(r.contentType()).isEqualTo("application/json");
                });
        assertThat(parse("HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\n{}trailing").text()).isEqualTo("{}");
        assertThat(parse("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n\r\nraw")
                .text()).isEqualTo("raw");
        assertThat(parse("HTTP/1.1 204 No Content\r\n\r\n").ok()).isTrue();
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort"))
                .hasMessageContaining("ended early");
        assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\n")).hasMessageContaining("before answering");
    }

    @Test
    void theExecStreamSplitsIntoStdoutAndStderr() {
        byte[] stream = {1, 0, 0, 0, 0, 0, 0, 3, 'o', 'u', 't', 2, 0, 0, 0, 0, 0, 0, 4, 'e', 'r', 'r', '\n', 1, 0,
                0, 0, 0, 0, 0, 1, '!'};

        assertThat(DockerEngine.demultiplex(stream)).containsExactly("out!", "err\n");
    }

    @Test
    void theArchiveIsOneThatTarReadsWithTheModesGiven() throws Exception {
        Path tar = Files.write(dir.resolve("files.tar"), TarArchive.of(List.of(
                new TarArchive.Entry("env", 0600, "A='b'\n".getBytes(StandardCharsets.UTF_8)),
                new TarArchive.Entry("agent.json", 0644, "{}".repeat(300).getBytes(StandardCharsets.UTF_8)))));
        Process list = new ProcessBuilder("tar", "-tvf", tar.toString()).redirectErrorStream(true).start();
        String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(list.waitFor()).as(listing).isZero();
        assertThat(listing.lines()).satisfiesExactly(
                env -> assertThat(env).startsWith("-rw------- ").contains(" 6 ").endsWith(" env"),
                json -> assertThat(json).startsWith("-rw-r--r-- ").contains(" 600 ").endsWith(" agent.json"));
        assertThatThrownBy(() -> new TarArchive.Entry("run/env", 0600, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static EngineTransport.Response parse(String raw) throws IOException {
        return EngineTransport.parse(raw.getBytes(StandardCharsets.ISO_8859_1));
    }
}
