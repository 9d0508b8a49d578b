package dev.orbitdock.cli.init;

import java.io.Console;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * {@link Prompter} on a JLine terminal: an arrow-key list for {@link #select} (a numbered list on dumb terminals,
 * which cannot move the cursor), line editing with the current value pre-filled, and {@code *}-masked secrets.
 */
public final class JLinePrompter implements Prompter {
    private enum Key { UP, DOWN, ENTER, ABORT }

    private final Terminal terminal;
    private final LineReader reader;
    private final PrintWriter out;
    private final Console console;

    /**
     * @param console the process's console, or null. Used only for secrets on a dumb terminal: JLine then wraps
     *                the streams without owning the tty, so only the console can switch echo off.
     */
    public JLinePrompter(Terminal terminal, Console console) {
        this.terminal = terminal;
        this.console = console;
        this.reader = LineReaderBuilder.builder().terminal(terminal)
                .option(LineReader.Option.DISABLE_HIGHLIGHTER, true)
                .variable(LineReader.HISTORY_SIZE, 0) // answers include secrets: keep no history
                .build();
        this.out = terminal.writer();
    }

    public static boolean isDumb(Terminal terminal) {
        return terminal.getType().startsWith(Terminal.TYPE_DUMB);
    }

    @Override
    public String select(String question, List<Choice> choices, String current) {
        int selected = Math.max(0, WizardTables.values(choices).indexOf(current));
        return isDumb(terminal) ? numbered(question, choices, selected) : arrows(question, choices, selected);
    }

    private String arrows(String question, List<Choice> choices, int selected) {
        out.println("? " + question + "  (↑/↓, Enter)");
        Attributes saved = terminal.enterRawMode();
        try {
            // ISIG off: Ctrl-C must arrive as a key here rather than as a signal nobody handles.
            Attributes raw = terminal.getAttributes();
            raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
            terminal.setAttributes(raw);
            KeyMap<Key> keys = keyMap();
            BindingReader bindings = new BindingReader(terminal.reader());
            draw(choices, selected, false);
            while (true) {
                Key key = bindings.readBinding(keys);
                if (key == null || key == Key.ABORT) {
                    throw new InitAborted();
                }
                if (key == Key.ENTER) {
                    break;
                }
                selected = Math.floorMod(selected + (key == Key.UP ? -1 : 1), choices.size());
                draw(choices, selected, true);
            }
        } finally {
            terminal.setAttributes(saved);
        }
        out.println("  → " + choices.get(selected).label());
        out.flush();
        return choices.get(selected).value();
    }

    private KeyMap<Key> keyMap() {
        KeyMap<Key> keys = new KeyMap<>();
        keys.bind(Key.UP, "\033[A", "\033OA", "k");
        keys.bind(Key.DOWN, "\033[B", "\033OB", "j");
        String up = KeyMap.key(terminal, Capability.key_up);
        String down = KeyMap.key(terminal, Capability.key_down);
        if (up != null && !up.isEmpty()) {
            keys.bind(Key.UP, up);
        }
        if (down != null && !down.isEmpty()) {
            keys.bind(Key.DOWN, down);
        }
        keys.bind(Key.ENTER, "\r", "\n");
        keys.bind(Key.ABORT, KeyMap.ctrl('C'), KeyMap.ctrl('D'));
        return keys;
    }

    /** Prints the list; on a redraw first moves back up over the previous one. */
    private void draw(List<Choice> choices, int selected, boolean redraw) {
        if (redraw) {
            out.print("\033[" + choices.size() + "A");
        }
        for (int i = 0; i < choices.size(); i++) {
            out.print("\r\033[K" + (i == selected ? "❯ " : "  ") + choices.get(i).label() + "\r\n");
        }
        out.flush();
    }

    private String numbered(String question, List<Choice> choices, int selected) {
        out.println("? " + question);
        for (int i = 0; i < choices.size(); i++) {
            out.println("  " + (i + 1) + ") " + choices.get(i).label());
        }
        while (true) {
            String line = read("Choose 1-" + choices.size() + " [" + (selected + 1) + "]: ", null, null).strip();
            if (line.isEmpty()) {
                return choices.get(selected).value();
            }
            int index = WizardTables.values(choices).indexOf(line);
            if (index < 0 && line.matches("\\d{1,3}")) {
                index = Integer.parseInt(line) - 1;
            }
            if (index >= 0 && index < choices.size()) {
                return choices.get(index).value();
            }
            say("✗ choose a number from 1 to " + choices.size());
        }
    }

    @Override
    public String text(String question, String current) {
        return read("? " + question + ": ", null, current);
    }

    @Override
    public String secret(String question, String masked) {
        String prompt = "? " + question + (masked == null ? "" : " [" + masked + ", Enter keeps it]") + ": ";
        if (!isDumb(terminal)) {
            return read(prompt, '*', null);
        }
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            if (typed == null) {
                throw new InitAborted();
            }
            return new String(typed);
        }
        return unechoed(prompt);
    }

    /**
     * A secret on a dumb terminal. JLine's masking there runs a thread that reprints the prompt every few
     * milliseconds (to hide echo it cannot turn off), which floods a real terminal; instead read raw keys with
     * echo off and show nothing.
     */
    private String unechoed(String prompt) {
        out.print(prompt);
        out.flush();
        Attributes saved = terminal.enterRawMode();
        StringBuilder typed = new StringBuilder();
        try {
            Attributes raw = terminal.getAttributes();
            raw.setLocalFlag(Attributes.LocalFlag.ISIG, false); // Ctrl-C as a key: abort cleanly
            raw.setLocalFlag(Attributes.LocalFlag.ECHO, false);
            terminal.setAttributes(raw);
            while (true) {
                int c = terminal.reader().read();
                if (c < 0 || c == 3 || (c == 4 && typed.isEmpty())) {
                    throw new InitAborted();
                }
                if (c == '\r' || c == '\n') {
                    return typed.toString();
                }
                if (c == 127 || c == 8) {
                    typed.setLength(Math.max(0, typed.length() - 1));
                } else if (c >= ' ') {
                    typed.append((char) c);
                }
            }
        } catch (java.io.IOException e) {
            throw new InitAborted(); // the terminal went away: nothing to save
        } finally {
            terminal.setAttributes(saved);
            out.println();
            out.flush();
        }
    }

    @Override
    public boolean confirm(String question, boolean defaultYes) {
        while (true) {
            String line = read("? " + question + (defaultYes ? " [Y/n] " : " [y/N] "), null, null).strip();
            if (line.isEmpty()) {
                return defaultYes;
            }
            if (line.equalsIgnoreCase("y") || line.equalsIgnoreCase("yes")) {
                return true;
            }
            if (line.equalsIgnoreCase("n") || line.equalsIgnoreCase("no")) {
                return false;
            }
            say("✗ answer y or n");
        }
    }

    @Override
    public void say(String line) {
        out.println(line);
        out.flush();
    }

    /** Braille frames redrawn in place every 80 ms; a dumb terminal gets the label once, then the result. */
    @Override
    public <T> T spin(String label, Supplier<T> work) {
        if (isDumb(terminal)) {
            out.println(label + "…");
            out.flush();
            return work.get();
        }
        String frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
        Thread spinner = Thread.ofVirtual().name("init-spinner").start(() -> {
            try {
                for (int i = 0; ; i++) {
                    out.print("\r" + frames.charAt(i % frames.length()) + " " + label + "…");
                    out.flush();
                    Thread.sleep(80);
                }
            } catch (InterruptedException e) {
                // the check is done
            }
        });
        try {
            return work.get();
        } finally {
            spinner.interrupt();
            try {
                spinner.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.print("\r\u001b[K"); // clear the spinner's line for what the wizard says next
            out.flush();
        }
    }

    private String read(String prompt, Character mask, String prefill) {
        try {
            return reader.readLine(prompt, null, mask, prefill);
        } catch (UserInterruptException | EndOfFileException e) {
            throw new InitAborted();
        }
    }
}
