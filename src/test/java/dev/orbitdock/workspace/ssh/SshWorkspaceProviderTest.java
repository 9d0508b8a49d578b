package dev.orbitdock.workspace.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.workspace.DestroyMode;
import dev.orbitdock.workspace.RemoteWorkspaceProviderConformance;
import dev.orbitdock.workspace.WorkspaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ssh provider against a real OpenSSH server on loopback, and the managed instance it starts there syncing to
 * a real control plane: the conformance suite, plus what only ssh has (host keys).
 */
class SshWorkspaceProviderTest extends RemoteWorkspaceProviderConformance<SshWorkspaceProvider> {
    private Sshd sshd;

    @Override
    protected void startService() throws Exception {
        sshd = Sshd.start(Files.createDirectories(dir.resolve("sshd")));
    }

    @Override
    protected void stopService() throws Exception {
        sshd.close();
    }

    @Override
    protected SshWorkspaceProvider provider(String orbitdockCommand) {
        return new SshWorkspaceProvider(settings(sshd.knownHosts, orbitdockCommand), FAST);
    }

    private SshSettings settings(Path knownHosts, String orbitdockCommand) {
        return new SshSettings(List.of(sshd.host()), Sshd.user(), sshd.userKey, knownHosts, 2, orbitdockCommand,
                dir.resolve("remote").toString(), Duration.ofSeconds(10));
    }

    /** Workspace directories under the workspace root (the smoke test's scratch directory starts with a dot). */
    @Override
    protected int liveResources() throws IOException {
        return entriesIn(dir.resolve("remote"));
    }

    @Override
    protected String unknownExternalId() {
        return sshd.host().toString();
    }

    /** The pool is in memory: after a restart, listing the hosts tells it what already runs there. */
    @Test
    void workspacesFoundOnTheHostsCountAgainstTheirCapAfterARestart() {
        provider.create(request("od-w-a", List.of()));
        provider.create(request("od-w-b", List.of()));
        try (SshWorkspaceProvider restarted = provider("orbitdock")) {
            assertThat(restarted.list(Map.of())).extracting(w -> w.path().getFileName().toString())
                    .containsExactlyInAnyOrder("od-w-a", "od-w-b");

            assertThatThrownBy(() -> restarted.create(request("od-w-c", List.of())))
                    .isInstanceOfSatisfying(WorkspaceException.class, e -> assertThat(e.code())
                            .isEqualTo("ssh_pool_full"));
            restarted.list(Map.of()).forEach(w -> restarted.destroy(w, DestroyMode.FORCE));
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedWithTheCommandThatTrustsIt() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        try (SshWorkspaceProvider strict = new SshWorkspaceProvider(settings(empty, "orbitdock"), FAST)) {
            assertThatThrownBy(() -> strict.create(request("od-w-hostkey", List.of())))
                    .isInstanceOfSatisfying(WorkspaceException.class, e -> {
                        assertThat(e.code()).isEqualTo("ssh_unknown_host_key");
                        assertThat(e.hint()).contains("ssh-keyscan -p " + sshd.port + " 127.0.0.1");
                    });
        }
    }
}
