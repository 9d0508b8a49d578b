package dev.orbitdock.cli.init;

import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigSource;
import dev.orbitdock.config.ConfigValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The question flow of {@code orbitdock init}: provider, its settings, agent keys, tracker credential, bind and
 * public URL, then a summary and a confirmation. It only collects answers; the caller saves them in one
 * transaction, so an abort at any point leaves nothing behind.
 */
public final class InitWizard {
    private final Prompter prompter;
    private final Function<ConfigKey, ConfigValue> current;
    private final CredentialCheck credentials;

    /** @param current the value each key has now, used to pre-fill answers on a re-run */
    public InitWizard(Prompter prompter, Function<ConfigKey, ConfigValue> current) {
        this(prompter, current, CredentialCheck.NONE);
    }

    /** @param credentials asks the service behind a key whether it takes it, as the key is typed */
    public InitWizard(Prompter prompter, Function<ConfigKey, ConfigValue> current, CredentialCheck credentials) {
        this.prompter = prompter;
        this.current = current;
        this.credentials = credentials;
    }

    /** @return the values to store (key name → value), or empty when the person declined at the summary */
    public Optional<Map<String, String>> run() {
        Map<String, String> answers = new LinkedHashMap<>();
        String provider = prompter.select("Where should agents run?", WizardTables.PROVIDERS,
                current.apply(ConfigKeys.WORKSPACE_PROVIDER).value());
        answers.put(ConfigKeys.WORKSPACE_PROVIDER.name(), provider);
        WizardTables.PROVIDER_KEYS.getOrDefault(provider, List.of()).forEach(key -> ask(key, true, answers));
        WizardTables.AGENT_KEYS.forEach(key -> ask(key, false, answers));
        String tracker = prompter.select("Which issue tracker do your missions use?", WizardTables.TRACKERS,
                guessTracker());
        WizardTables.TRACKER_KEYS.getOrDefault(tracker, List.of()).forEach(key -> ask(key, true, answers));
        ask(ConfigKeys.BIND, true, answers);
        ask(ConfigKeys.PUBLIC_SERVER_URL, false, answers);

        prompter.say("");
        prompter.say("Summary:");
        summary(answers).forEach(prompter::say);
        return prompter.confirm("Save this configuration?", true) ? Optional.of(answers) : Optional.empty();
    }

    /** Lines {@code key = value (source)} with secrets masked, for the keys answered. */
    public static List<String> summary(Map<String, String> values) {
        List<String> lines = new ArrayList<>();
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
        values.forEach((name, value) -> lines.add(String.format("  %-" + width + "s = %s", name,
                new ConfigValue(ConfigKeys.require(name), value, ConfigSource.TABLE).display(false))));
        return lines;
    }

    /**
     * Asks for one key until the answer is valid. Enter keeps the current value; with none, a required key is
     * asked again and an optional one is skipped. Only new or changed values go into {@code answers}.
     */
    private void ask(ConfigKey key, boolean required, Map<String, String> answers) {
        ConfigValue now = current.apply(key);
        String question = key.description() + (required ? "" : " (optional)");
        while (true) {
            String typed = key.secret()
                    ? prompter.secret(question, now.isSet() ? now.display(false) : null)
                    : prompter.text(question, now.value());
            String answer = typed == null ? "" : typed.strip();
            if (answer.isEmpty()) {
                if (now.isSet() || !required) {
                    if (!key.secret() && now.isSet()) {
                        answers.put(key.name(), now.value()); // keeping a default makes it explicit
                    }
                    return;
                }
                prompter.say("✗ " + key.name() + " is required");
                continue;
            }
            Optional<String> problem = key.problem(answer);
            if (problem.isPresent()) {
                prompter.say("✗ " + key.name() + " " + problem.get() + "; try again");
                continue;
            }
            if (!accepted(key, answer, answers)) {
                continue;
            }
            if (!key.secret() || !answer.equals(now.value())) {
                answers.put(key.name(), answer);
            }
            return;
        }
    }

    /**
     * Checks a credential with its service where that is cheap. A refusal is shown in the service's words with the
     * choice to keep the key anyway (it may be for a network this machine cannot reach); no answer is only a note.
     */
    private boolean accepted(ConfigKey key, String value, Map<String, String> answers) {
        if (!credentials.covers(key)) {
            return true;
        }
        return switch (prompter.spin("Checking " + key.name(), () -> credentials.check(key, value, answers))) {
            case CredentialCheck.Verdict.Accepted ok -> {
                prompter.say("✓ " + key.name() + " accepted" + (ok.detail() == null ? "" : " (" + ok.detail() + ")"));
                yield true;
            }
            case CredentialCheck.Verdict.Unreachable none -> {
                prompter.say("! could not check " + key.name() + ": " + none.message() + "; keeping it");
                yield true;
            }
            case CredentialCheck.Verdict.Rejected no -> {
                prompter.say("✗ " + key.name() + " was refused: " + no.message());
                yield prompter.confirm("Keep it anyway?", false);
            }
        };
    }

    /** The tracker whose credential is already stored, so a re-run pre-selects it. */
    private String guessTracker() {
        return WizardTables.TRACKER_KEYS.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty() && e.getValue().stream().allMatch(k -> current.apply(k).isSet()))
                .map(Map.Entry::getKey).sorted().findFirst().orElse("local");
    }
}
