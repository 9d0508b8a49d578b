package dev.orbitdock.workspace.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbitdock.workspace.WorkspaceException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SshHostTest {
    @ParameterizedTest
    @CsvSource({"build1.example.com, build1.example.com, 22", "10.0.0.5:2222, 10.0.0.5, 2222",
            "'[::1]:2200', ::1, 2200", "'[fe80::1]', fe80::1, 22", "fe80::1, fe80::1, 22"})
    void parsesHostsWithAndWithoutPorts(String text, String host, int port) {
        assertThat(SshHost.parse(text)).isEqualTo(new SshHost(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", ":22", "host:0", "host:x", "[::1", "[::1]x"})
    void refusesWhatIsNotAHost(String text) {
        assertThatThrownBy(() -> SshHost.parse(text)).isInstanceOfSatisfying(WorkspaceException.class,
                e -> assertThat(e.code()).isEqualTo("ssh_invalid_host"));
    }

    @Test
    void aListNeedsAtLeastOneHost() {
        assertThat(SshHost.parseList("a, b:2")).containsExactly(new SshHost("a", 22), new SshHost("b", 2));
        assertThatThrownBy(() -> SshHost.parseList(" , ")).isInstanceOfSatisfying(WorkspaceException.class,
                e -> assertThat(e.code()).isEqualTo("ssh_no_hosts"));
        assertThat(new SshHost("::1", 22)).hasToString("[::1]:22");
        assertThat(SshHost.parse(new SshHost("::1", 2200).toString())).isEqualTo(new SshHost("::1", 2200));
        assertThat(SshHost.parseList("x")).isEqualTo(List.of(new SshHost("x", 22)));
    }
}
