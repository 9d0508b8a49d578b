package dev.orbitdock.tracker.local;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Writes a string as a YAML scalar that reads back as exactly that string. */
final class YamlText {
    private YamlText() {}

    /** Plain scalars we are sure no YAML reader turns into a number, boolean, null, date or structure. */
    private static final Pattern SAFE_PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9 _./()-]*");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null");

    static String scalar(String value) {
        boolean plain = SAFE_PLAIN.matcher(value).matches() && !value.endsWith(" ")
                && !RESERVED.contains(value.toLowerCase(Locale.ROOT));
        return plain ? value : doubleQuoted(value);
    }

    static String doubleQuoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (printable(cp)) {
                        out.appendCodePoint(cp);
                    } else if (Character.isSurrogate((char) cp)) {
                        // An unpaired surrogate has no YAML (or UTF-8) form at all.
                        out.append('\uFFFD');
                    } else {
                        out.append(String.format("\\u%04X", cp));
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** YAML's printable set, minus the line breaks a reader would fold (NEL, LS, PS). */
    private static boolean printable(int cp) {
        return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF && cp != 0x2028 && cp != 0x2029)
                || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
    }
}
