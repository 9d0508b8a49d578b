package dev.orbitdock.cli;

import dev.orbitdock.app.WorkspaceProviders;
import dev.orbitdock.cli.init.WizardTables;
import dev.orbitdock.common.Durations;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigValue;
import dev.orbitdock.workspace.SmokeStep;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "provider", description = "The default workspace provider: show, choose, configure and test it.",
        subcommands = {ProviderCommand.Get.class, ProviderCommand.Set.class, ProviderCommand.Config.class,
                ProviderCommand.Test.class})
final class ProviderCommand {
    @ParentCommand
    MissionCommand parent;

    RootCommand root() {
        return parent.root;
    }

    @Command(name = "get", description = "Print the provider new workspaces use, and where that comes from.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        ProviderCommand parent;

        @Override
        public Integer call() {
            return parent.root().withServices(services -> {
                ConfigValue value = services.config().resolve(ConfigKeys.WORKSPACE_PROVIDER);
                parent.root().context().out().println(value.value() + "  (" + value.source().name().toLowerCase() + ")");
                return 0;
            });
        }
    }

    @Command(name = "set", description = "Choose the default provider: local, daytona, ssh or docker.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        ProviderCommand parent;

        @Parameters(paramLabel = "<provider>")
        String provider;

        @Override
        public Integer call() {
            return ConfigCommand.set(parent.root(), ConfigKeys.WORKSPACE_PROVIDER.name(), provider, false);
        }
    }

    @Command(name = "config", description = {"Show the provider's settings, or set one:",
            "  orbitdock mission provider config set ssh_hosts build1.example.com"},
            subcommands = {ProviderCommand.ConfigSet.class})
    static final class Config implements Callable<Integer> {
        @ParentCommand
        ProviderCommand parent;

        @Mixin
        ProviderOption provider;

        @Override
        public Integer call() {
            return parent.root().withServices(services -> {
                String chosen = provider.resolve(services);
                List<ConfigKey> keys = keysOf(chosen);
                if (keys.isEmpty()) {
                    parent.root().context().err().println("The " + chosen + " provider has no settings.");
                    return 0;
                }
                Output.table(parent.root().context().out(), List.of("KEY", "VALUE", "SOURCE"), keys.stream()
                        .map(key -> services.config().resolve(key)).map(v -> List.of(v.key().name(),
                                v.display(false), v.source().name().toLowerCase())).toList());
                return 0;
            });
        }
    }

    @Command(name = "set", description = "Set one of a provider's settings (secrets: --stdin or a prompt).")
    static final class ConfigSet implements Callable<Integer> {
        @ParentCommand
        Config parent;

        @Mixin
        ConfigCommand.SettingArgs setting;

        @Override
        public Integer call() {
            List<String> providerKeys = WizardTables.values(WizardTables.PROVIDERS).stream()
                    .flatMap(p -> keysOf(p).stream()).map(ConfigKey::name).toList();
            if (!providerKeys.contains(setting.key)) {
                throw new OrbitDockException("not_a_provider_setting", setting.key + " is not a provider setting",
                        "provider settings: " + String.join(", ", providerKeys) + " (others: orbitdock config set)");
            }
            return ConfigCommand.set(parent.parent.root(), setting);
        }
    }

    @Command(name = "test", description = "Provision for real and report each step with its time (exit 1 on a failure).")
    static final class Test implements Callable<Integer> {
        @ParentCommand
        ProviderCommand parent;

        @Mixin
        ProviderOption provider;

        @Override
        public Integer call() {
            return parent.root().withServices(services -> {
                String chosen = provider.resolve(services);
                CliContext context = parent.root().context();
                context.out().println("Testing the " + chosen + " provider:");
                List<SmokeStep> steps = WorkspaceProviders.smokeTest(chosen, services.config(), context.env());
                for (SmokeStep step : steps) {
                    context.out().println((step.ok() ? "✓ " : "✗ ") + step.name() + "  (" + millis(step.took()) + ")"
                            + (step.detail() == null || step.detail().isBlank() ? "" : ": " + step.detail()));
                }
                context.out().flush();
                return steps.stream().allMatch(SmokeStep::ok) ? 0 : 1;
            });
        }

        private static String millis(Duration took) {
            return Durations.format(Duration.ofMillis(Math.max(1, took.toMillis())));
        }
    }

    /** {@code --provider p}, else the configured default. */
    static final class ProviderOption {
        @Option(names = "--provider", paramLabel = "<provider>", description = "Another provider than the default")
        String provider;

        String resolve(dev.orbitdock.app.Services services) {
            return provider != null ? provider : services.config().resolve(ConfigKeys.WORKSPACE_PROVIDER).value();
        }
    }

    /** A provider's settings: the registry's keys named after it ({@code ssh_hosts}, {@code ssh_user}, …). */
    static List<ConfigKey> keysOf(String provider) {
        if (!WizardTables.values(WizardTables.PROVIDERS).contains(provider)) {
            throw new OrbitDockException("unknown_provider", "Unknown provider '" + provider + "'",
                    "valid: " + String.join(", ", WizardTables.values(WizardTables.PROVIDERS)));
        }
        return ConfigKeys.all().stream().filter(key -> key.name().startsWith(provider + "_")).toList();
    }
}
