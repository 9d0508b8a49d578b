package dev.orbitdock.cli;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "config", description = "Read and change settings (works with or without a running server).",
        subcommands = {ConfigCommand.Get.class, ConfigCommand.Set.class, ConfigCommand.ListKeys.class,
                ConfigCommand.Unset.class})
final class ConfigCommand {
    @ParentCommand
    RootCommand root;

    /** One setting as {@code --json} shows it. */
    record Setting(String key, String value, String source, boolean secret, String type, String description) {
        static Setting of(ConfigValue value, boolean reveal) {
            ConfigKey key = value.key();
            return new Setting(key.name(), value.isSet() ? value.display(reveal) : null,
                    value.source().name().toLowerCase(Locale.ROOT), key.secret(), key.typeLabel(),
                    key.description());
        }
    }

    @Command(name = "get", description = "Print one setting (secrets masked unless --reveal).")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Parameters(paramLabel = "<key>")
        String key;

        @Option(names = "--reveal", description = "Print a secret in clear")
        boolean reveal;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            ConfigKeys.require(key);
            return parent.root.withServices(services -> {
                ConfigValue value = services.config().get(key);
                var out = parent.root.context().out();
                if (json) {
                    Output.json(out, Setting.of(value, reveal));
                    return 0;
                }
                if (!value.isSet()) {
                    parent.root.context().err().println(key + " is not set");
                    return 1;
                }
                out.println(value.display(reveal));
                return 0;
            });
        }
    }

    @Command(name = "set", description = {"Store a setting, encrypted if it is a secret.",
            "Secrets are never taken from the command line: omit <value> to be prompted, or pipe it in with --stdin."})
    static final class Set implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Mixin
        SettingArgs setting;

        @Override
        public Integer call() {
            return set(parent.root, setting);
        }
    }

    /** {@code <key> [<value>] [--stdin]} of {@code config set} and {@code mission provider config set}. */
    static final class SettingArgs {
        @Parameters(index = "0", paramLabel = "<key>")
        String key;

        @Parameters(index = "1", arity = "0..1", paramLabel = "<value>")
        String value;

        @Option(names = "--stdin", description = "Read the value from standard input")
        boolean stdin;
    }

    static int set(RootCommand root, SettingArgs setting) {
        return set(root, setting.key, setting.value, setting.stdin);
    }

    /** {@code config set}, also behind {@code mission provider config set|provider set}. */
    static int set(RootCommand root, String key, String value, boolean stdin) {
        ConfigKey configKey = ConfigKeys.require(key);
        CliContext context = root.context();
        if (configKey.secret() && value != null) {
            throw new OrbitDockException("secret_on_command_line", key
                    + " is a secret and would leak into shell history and process lists",
                    "run 'orbitdock config set " + key + "' to be prompted, or pipe it: ... | orbitdock config set "
                            + key + " --stdin");
        }
        String resolved = value != null ? value : SecretInput.read(context, key, stdin || !context.interactive());
        return root.withServices(services -> {
            services.config().set(key, resolved);
            ConfigValue stored = services.config().get(key);
            context.out().println(key + " = " + stored.display(false) + (configKey.secret() ? "  (encrypted)" : ""));
            if (stored.source() != dev.orbitdock.config.ConfigSource.TABLE) {
                context.err().println("note: " + key + " is overridden by " + configKey.envVar()
                        + " in this environment");
            }
            return 0;
        });
    }

    @Command(name = "list", description = "Show every setting, its value and where it comes from.")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Option(names = "--reveal", description = "Print secrets in clear")
        boolean reveal;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Override
        public Integer call() {
            return parent.root.withServices(services -> {
                List<Setting> settings = services.config().list().stream().map(v -> Setting.of(v, reveal)).toList();
                var out = parent.root.context().out();
                if (json) {
                    Output.json(out, Map.of("settings", settings));
                } else {
                    Output.table(out, List.of("KEY", "VALUE", "SOURCE", "DESCRIPTION"), settings.stream()
                            .map(s -> List.of(s.key(), s.value() == null ? "-" : s.value(), s.source(), s.description()))
                            .toList());
                }
                return 0;
            });
        }
    }

    @Command(name = "unset", description = "Remove a stored setting (its default applies again).")
    static final class Unset implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Parameters(paramLabel = "<key>", arity = "1..*")
        List<String> keys;

        @Override
        public Integer call() {
            keys.forEach(ConfigKeys::require);
            return parent.root.withServices(services -> {
                keys.forEach(services.config()::unset);
                keys.forEach(k -> parent.root.context().out().println("unset " + k));
                return 0;
            });
        }
    }
}
