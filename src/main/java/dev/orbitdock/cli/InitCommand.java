package dev.orbitdock.cli;

import dev.orbitdock.app.Services;
import dev.orbitdock.cli.init.InitAborted;
import dev.orbitdock.cli.init.InitWizard;
import dev.orbitdock.cli.init.JLinePrompter;
import dev.orbitdock.cli.init.ServiceCredentialChecks;
import dev.orbitdock.cli.init.WizardTables;
import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigSource;
import dev.orbitdock.config.ConfigValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "init", modelTransformer = InitCommand.ProviderOptions.class, description = {"Set up this server: a guided wizard in a terminal, or --yes with options.",
        "Re-runnable: current values are pre-filled. Secrets come from stdin (--<key>-stdin) or ORBITDOCK_<KEY>,",
        "never from the command line. Everything is saved in one transaction, or nothing is."})
final class InitCommand implements Callable<Integer> {
    static final String SAVED = "✓ Configuration saved (encrypted). Run `orbitdock start` to launch.";
    static final String ABORTED = "Aborted; nothing was saved.";

    @ParentCommand
    RootCommand root;

    @Option(names = "--yes", description = "Do not ask: save what the options and environment say")
    boolean yes;

    @Option(names = "--workspace-provider", paramLabel = "<provider>", description = "local, daytona, ssh or docker")
    String provider;

    @Option(names = "--bind", paramLabel = "<host:port>", description = "Address the server listens on")
    String bind;

    @Option(names = "--public-server-url", paramLabel = "<url>", description = "URL remote workspaces reach us at")
    String publicUrl;

    @Option(names = "--tracker", paramLabel = "<tracker>", description = "local, github or linear (checks its key)")
    String tracker;

    @Option(names = "--anthropic-api-key-stdin", description = "Read anthropic_api_key from stdin")
    boolean anthropicStdin;

    @Option(names = "--openai-api-key-stdin", description = "Read openai_api_key from stdin")
    boolean openaiStdin;

    @Option(names = "--github-token-stdin", description = "Read github_token from stdin")
    boolean githubStdin;

    @Option(names = "--linear-api-key-stdin", description = "Read linear_api_key from stdin")
    boolean linearStdin;

    @Spec
    CommandSpec spec;

    /**
     * One option per provider setting, from the registry, so a provider's keys arrive with it: {@code --ssh-hosts
     * <value>}, and for a secret {@code --daytona-api-key-stdin}.
     */
    static final class ProviderOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            for (ConfigKey key : providerKeys()) {
                command.addOption(key.secret()
                        ? OptionSpec.builder(option(key) + "-stdin").type(boolean.class)
                                .description("Read " + key.name() + " from stdin").build()
                        : OptionSpec.builder(option(key)).paramLabel("<" + key.typeLabel() + ">").type(String.class)
                                .description(key.description()).build());
            }
            return command;
        }
    }

    /** The settings of every workspace provider, and the token they clone private repos with. */
    static List<ConfigKey> providerKeys() {
        List<String> providers = WizardTables.values(WizardTables.PROVIDERS);
        return ConfigKeys.all().stream().filter(key -> key == ConfigKeys.GIT_TOKEN
                || providers.stream().anyMatch(p -> key.name().startsWith(p + "_"))).toList();
    }

    private static String option(ConfigKey key) {
        return "--" + key.name().replace('_', '-');
    }

    @Override
    public Integer call() {
        CliContext context = root.context();
        if (!yes && !context.interactive()) {
            throw new OrbitDockException("no_terminal", "orbitdock init needs a terminal to ask its questions",
                    "run it non-interactively: " + nonInteractiveCommand());
        }
        return yes ? scripted(context) : wizard(context);
    }

    private int scripted(CliContext context) {
        Map<String, String> values = new LinkedHashMap<>();
        choice(ConfigKeys.WORKSPACE_PROVIDER, provider, WizardTables.values(WizardTables.PROVIDERS))
                .ifPresent(v -> values.put(ConfigKeys.WORKSPACE_PROVIDER.name(), v));
        Optional<String> trackerKind = choice(null, tracker, WizardTables.values(WizardTables.TRACKERS));
        if (bind != null) {
            values.put(ConfigKeys.BIND.name(), bind);
        }
        if (publicUrl != null) {
            values.put(ConfigKeys.PUBLIC_SERVER_URL.name(), publicUrl);
        }
        for (ConfigKey key : providerKeys()) {
            String given = key.secret() ? null : spec.findOption(option(key)).getValue();
            if (given != null) {
                values.put(key.name(), given);
            }
        }
        secrets(context, values);
        values.forEach((name, value) -> ConfigKeys.require(name).problem(value).ifPresent(problem -> {
            throw new OrbitDockException("invalid_config_value", name + " " + problem, "nothing was saved");
        }));
        return root.withServices(services -> {
            trackerKind.ifPresent(kind -> requireTrackerKeys(services, kind, values));
            if (values.isEmpty()) {
                context.out().println("Nothing to change: pass the settings as options (orbitdock init --help).");
                return 0;
            }
            services.config().setAll(values);
            printSaved(context, services, values);
            return 0;
        });
    }

    /** Secrets from the one {@code --…-stdin} flag (stdin is a single stream) or from {@code ORBITDOCK_<KEY>}. */
    private void secrets(CliContext context, Map<String, String> values) {
        Map<ConfigKey, Boolean> fromStdin = new LinkedHashMap<>();
        fromStdin.put(ConfigKeys.ANTHROPIC_API_KEY, anthropicStdin);
        fromStdin.put(ConfigKeys.OPENAI_API_KEY, openaiStdin);
        fromStdin.put(ConfigKeys.GITHUB_TOKEN, githubStdin);
        fromStdin.put(ConfigKeys.LINEAR_API_KEY, linearStdin);
        providerKeys().stream().filter(ConfigKey::secret).forEach(key ->
                fromStdin.put(key, Boolean.TRUE.equals(spec.findOption(option(key) + "-stdin").getValue())));
        List<ConfigKey> piped = fromStdin.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        if (piped.size() > 1) {
            throw new OrbitDockException("one_stdin_secret", "Only one --…-stdin option per run: standard input is"
                    + " one stream", "pass the others in the environment (" + piped.get(1).envVar()
                    + "=…) or run orbitdock init once per secret");
        }
        for (ConfigKey key : fromStdin.keySet()) {
            String env = context.env().get(key.envVar());
            if (piped.contains(key)) {
                values.put(key.name(), SecretInput.read(context, key.name(), true));
            } else if (env != null && !env.isBlank()) {
                values.put(key.name(), env.strip());
            }
        }
    }

    private static Optional<String> choice(ConfigKey key, String given, List<String> valid) {
        if (given == null) {
            return Optional.empty();
        }
        if (!valid.contains(given)) {
            String what = key == null ? "tracker" : "workspace provider";
            throw new OrbitDockException("invalid_choice", "Unknown " + what + " '" + given + "'",
                    "valid: " + String.join(", ", valid));
        }
        return Optional.of(given);
    }

    /** A tracker is chosen per mission; here we only make sure its credential will be there. */
    private static void requireTrackerKeys(Services services, String kind, Map<String, String> values) {
        for (ConfigKey key : WizardTables.TRACKER_KEYS.getOrDefault(kind, List.of())) {
            if (!values.containsKey(key.name()) && !services.config().resolve(key).isSet()) {
                throw new OrbitDockException("missing_secret", "The " + kind + " tracker needs " + key.name(),
                        "pipe it in with --" + key.name().replace('_', '-') + "-stdin or set " + key.envVar());
            }
        }
    }

    private int wizard(CliContext context) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            return root.withServices(services -> {
                Optional<Map<String, String>> answers;
                try {
                    var prompter = new JLinePrompter(terminal, System.console());
                    var checks = new ServiceCredentialChecks(context.env(), key -> services.config().resolve(key).value());
                    answers = new InitWizard(prompter, services.config()::resolve, checks).run();
                } catch (InitAborted e) {
                    context.err().println(ABORTED);
                    return 130;
                }
                if (answers.isEmpty()) {
                    context.err().println("Not saved.");
                    return 1;
                }
                services.config().setAll(answers.get());
                printSaved(context, services, answers.get());
                return 0;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
    }

    static void printSaved(CliContext context, Services services, Map<String, String> values) {
        context.out().println("Configuration:");
        InitWizard.summary(values).forEach(context.out()::println);
        for (String name : values.keySet()) {
            ConfigValue now = services.config().get(name);
            if (now.source() == ConfigSource.ENV || now.source() == ConfigSource.FLAG) {
                context.err().println("note: " + name + " is overridden by " + now.key().envVar() + " here");
            }
        }
        context.out().println(SAVED);
        context.out().flush();
    }

    /** The command a script would run instead, from the options given so far. */
    private String nonInteractiveCommand() {
        List<String> parts = new ArrayList<>(List.of("orbitdock init --yes"));
        parts.add("--workspace-provider " + (provider == null ? "local" : provider));
        if (bind != null) {
            parts.add("--bind " + bind);
        }
        if (publicUrl != null) {
            parts.add("--public-server-url " + publicUrl);
        }
        if (tracker != null) {
            parts.add("--tracker " + tracker);
        }
        return String.join(" ", parts) + "  (secrets: ORBITDOCK_<KEY>=… or one --<key>-stdin)";
    }
}
