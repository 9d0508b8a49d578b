package dev.orbitdock.cli;

import dev.orbitdock.common.OrbitDockException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;
import picocli.CommandLine;

/** Entry point: parse, run, and turn every failure into one line (and a hint) with a non-zero exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, new CliContext(System.getenv(), System.in, out, err, System.console() != null));
        out.flush();
        err.flush();
        System.exit(code);
    }

    public static int run(String[] args, CliContext context) {
        return commandLine(context).execute(args);
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(new RootCommand(context));
        cli.addSubcommand("completion", new AutoComplete.GenerateCompletion());
        cli.getSubcommands().get("completion").getCommandSpec().usageMessage()
                .description("Print a bash/zsh completion script: source <(orbitdock completion)");
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, context));
        return cli;
    }

    private static int report(Exception e, CliContext context) {
        PrintWriter err = context.err();
        if (e instanceof OrbitDockException known) {
            err.println("error: " + known.getMessage());
            if (known.hint() != null) {
                err.println("hint: " + known.hint());
            }
        } else {
            err.println("error: unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")));
            if (context.env().containsKey("ORBITDOCK_DEBUG")) {
                e.printStackTrace(err);
            } else {
                err.println("hint: set ORBITDOCK_DEBUG=1 for details, and please report it");
            }
        }
        err.flush();
        return 1;
    }
}
