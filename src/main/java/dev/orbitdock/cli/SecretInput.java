package dev.orbitdock.cli;

import dev.orbitdock.common.OrbitDockException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/** Reads a value that must not appear on the command line: masked prompt on a terminal, else standard input. */
final class SecretInput {
    private SecretInput() {}

    static String read(CliContext context, String key, boolean fromStdin) {
        String value;
        if (fromStdin) {
            try {
                BufferedReader reader = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8));
                value = reader.lines().collect(Collectors.joining("\n"));
            } catch (java.io.UncheckedIOException e) {
                throw new OrbitDockException("stdin_unreadable", "Cannot read " + key + " from standard input", null, e);
            }
        } else {
            Console console = System.console();
            if (console == null) {
                throw new OrbitDockException("no_terminal", "No terminal to prompt for " + key,
                        "pipe the value in: ... | orbitdock config set " + key + " --stdin");
            }
            char[] typed = console.readPassword("%s: ", key);
            value = typed == null ? "" : new String(typed);
        }
        value = value.strip();
        if (value.isEmpty()) {
            throw new OrbitDockException("empty_value", "No value given for " + key, "nothing was changed");
        }
        return value;
    }

}
