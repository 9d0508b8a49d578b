package dev.orbitdock.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/** What a command may touch of the outside world; tests pass their own. */
public record CliContext(Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err,
                         boolean interactive) {}
