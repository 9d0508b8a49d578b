package dev.orbitdock.cli;

import dev.orbitdock.app.Services;
import dev.orbitdock.config.DataDir;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "orbitdock", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Mission control for AI coding agents.",
        subcommands = {StartCommand.class, DemoCommand.class, MissionCommand.class, ConfigCommand.class,
                TokenCommand.class, WorkspaceCommand.class, InitCommand.class, DoctorCommand.class,
                SessionCommand.class, McpMissionToolsCommand.class},
        footer = {"", "Data dir: --data-dir > $ORBITDOCK_HOME > ~/.orbitdock"})
final class RootCommand implements Runnable {
    private final CliContext context;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "<dir>",
            description = "Where the database and secret key live (default: $ORBITDOCK_HOME or ~/.orbitdock)")
    Path dataDir;

    RootCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    DataDir resolveDataDir() {
        return DataDir.resolve(dataDir, context.env());
    }

    Services openServices(Map<String, String> flags) {
        return Services.open(resolveDataDir(), context.env(), flags);
    }

    /** The data dir of a managed instance: its own database, with the sync outbox. */
    Services openManagedServices() {
        return Services.open(resolveDataDir(), context.env(), Map.of(), Services.Mode.MANAGED);
    }

    /** Opens the data dir for one command and closes it (flushing every write) when the command is done. */
    <T> T withServices(java.util.function.Function<Services, T> body) {
        try (Services services = openServices(Map.of())) {
            return body.apply(services);
        }
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: try 'orbitdock --help'");
    }
}
