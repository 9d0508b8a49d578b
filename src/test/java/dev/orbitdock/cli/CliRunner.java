package dev.orbitdock.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process against a data dir, capturing stdout and stderr. */
final class CliRunner {
    record Result(int exitCode, String out, String err) {}

    private final Path dataDir;
    private final Map<String, String> env;

    CliRunner(Path dataDir, Map<String, String> env) {
        this.dataDir = dataDir;
        this.env = env;
    }

    CliRunner(Path dataDir) {
        this(dataDir, Map.of());
    }

    Result run(String... args) {
        return runWithStdin("", args);
    }

    Result runWithStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        int code = Main.run(all.toArray(String[]::new), new CliContext(env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
                new PrintWriter(err, true), false));
        return new Result(code, out.toString(), err.toString());
    }
}
