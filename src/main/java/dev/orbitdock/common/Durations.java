package dev.orbitdock.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in MISSION.md, config and flags: {@code 250ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 1d}, combinations such as {@code 1h30m}, or ISO-8601 ({@code PT1M}). The one grammar of the
 * product, so a value accepted in one place is accepted everywhere.
 */
public final class Durations {
    private static final Pattern COMPACT = Pattern.compile("(?:\\d+(?:ms|d|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    private Durations() {}

    /** The duration, or empty when the text is not one or is negative. */
    public static Optional<Duration> parse(String text) {
        String v = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
                return d.isNegative() ? Optional.empty() : Optional.of(d);
            }
            if (!COMPACT.matcher(v).matches()) {
                return Optional.empty();
            }
            Duration total = Duration.ZERO;
            Matcher part = PART.matcher(v);
            while (part.find()) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
            return Optional.of(total);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @throws IllegalArgumentException naming the accepted forms, unless the text is a duration above zero */
    public static Duration parsePositive(String text) {
        return parse(text).filter(d -> !d.isZero()).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a positive duration (use e.g. 30s, 5m, 1h30m or PT1H)"));
    }

    /** The shortest compact form ({@code 90s} → {@code "1m30s"}); ISO-8601 when there are sub-millisecond parts. */
    public static String format(Duration d) {
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        append(out, d.toDays(), "d");
        append(out, d.toHoursPart(), "h");
        append(out, d.toMinutesPart(), "m");
        append(out, d.toSecondsPart(), "s");
        append(out, d.toMillisPart(), "ms");
        return out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }
}
