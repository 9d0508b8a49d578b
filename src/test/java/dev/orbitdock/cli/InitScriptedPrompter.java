package dev.orbitdock.cli;

import dev.orbitdock.cli.init.InitAborted;
import dev.orbitdock.cli.init.Prompter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link Prompter} that answers from a script and records what was asked. Running out of answers is end of
 * input; {@link #CTRL_C} is an interrupt. Text questions behave as pre-filled: an empty answer keeps the current.
 */
final class InitScriptedPrompter implements Prompter {
    static final String CTRL_C = "<ctrl-c>";

    private final Deque<String> answers;
    final List<String> transcript = new ArrayList<>();

    InitScriptedPrompter(String... answers) {
        this.answers = new ArrayDeque<>(List.of(answers));
    }

    private String next(String asked) {
        transcript.add(asked);
        String answer = answers.poll();
        if (answer == null || answer.equals(CTRL_C)) {
            throw new InitAborted();
        }
        return answer;
    }

    @Override
    public String select(String question, List<Choice> choices, String current) {
        String answer = next("select " + question + " [" + current + "]");
        return answer.isEmpty() ? (current == null ? choices.getFirst().value() : current) : answer;
    }

    @Override
    public String text(String question, String current) {
        String answer = next("text " + question + " [" + current + "]");
        return answer.isEmpty() && current != null ? current : answer;
    }

    @Override
    public String secret(String question, String masked) {
        return next("secret " + question + " [" + masked + "]");
    }

    @Override
    public boolean confirm(String question, boolean defaultYes) {
        String answer = next("confirm " + question);
        return answer.isEmpty() ? defaultYes : answer.startsWith("y");
    }

    @Override
    public void say(String line) {
        transcript.add("say " + line);
    }

    @Override
    public <T> T spin(String label, java.util.function.Supplier<T> work) {
        transcript.add("spin " + label);
        return work.get();
    }
}
