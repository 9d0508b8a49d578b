package dev.orbitdock.cli.init;

import java.util.List;
import java.util.function.Supplier;

/**
 * The kinds of question the wizard asks, and its one kind of waiting. The flow ({@link InitWizard}) only talks to this, so tests script
 * the answers and the terminal code ({@link JLinePrompter}) stays free of decisions. Every method throws
 * {@link InitAborted} on Ctrl-C or end of input.
 */
public interface Prompter {
    /** One of several options; returns the chosen {@link Choice#value()}. {@code current} is pre-selected. */
    String select(String question, List<Choice> choices, String current);

    /** A line of text; {@code current} (may be null) is pre-filled, so Enter keeps it. Returns what was typed. */
    String text(String question, String current);

    /** Masked input; {@code masked} describes the kept value (or null). Returns "" when Enter was pressed alone. */
    String secret(String question, String masked);

    boolean confirm(String question, boolean defaultYes);

    /** Prints one line to the person (summaries, reasons for re-asking). */
    void say(String line);

    /** Runs {@code work} (a check over the network) while showing {@code label} with a spinner. */
    <T> T spin(String label, Supplier<T> work);

    /** An option of {@link #select}: the stored value and what the person reads. */
    record Choice(String value, String label) {}
}
