package dev.orbitdock.mission;

import dev.orbitdock.common.Durations;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.mission.MissionConfig.WireName;
import dev.orbitdock.mission.MissionConfigYaml.Entry;
import dev.orbitdock.mission.MissionConfigYaml.Location;
import dev.orbitdock.mission.MissionConfigYaml.Mapping;
import dev.orbitdock.mission.MissionConfigYaml.Node;
import dev.orbitdock.mission.MissionConfigYaml.Scalar;
import dev.orbitdock.mission.MissionConfigYaml.ScalarKind;
import dev.orbitdock.mission.MissionConfigYaml.Sequence;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One mapping of the front matter ({@code orchestration}, {@code trigger.filters}, …) with typed getters. A getter
 * returns the default for an absent key and, for a bad value, records a problem at the value and returns the default,
 * so that reading goes on and every bad key is reported.
 */
final class MissionConfigSection {
    static final String DURATION_EXAMPLE = "a duration such as 30s, 5m, 2h or 1d";

    private final String path;
    private final Map<String, Entry> entries;
    private final Location at;
    private final List<MissionProblem> problems;

    private MissionConfigSection(String path, Map<String, Entry> entries, Location at, List<MissionProblem> problems) {
        this.path = path;
        this.entries = entries;
        this.at = at;
        this.problems = problems;
    }

    /** The whole front matter; {@code keys} are the valid top-level keys. */
    static MissionConfigSection root(Node node, List<String> keys, List<MissionProblem> problems) {
        return of("", node, node.at(), keys, problems);
    }

    private static MissionConfigSection of(String path, Node node, Location at, List<String> keys,
            List<MissionProblem> problems) {
        if (node instanceof Mapping mapping) {
            for (Entry entry : mapping.entries().values()) {
                if (!keys.contains(entry.key())) {
                    problems.add(problem(entry.keyAt(), "unknown key '" + entry.key() + "' "
                            + (path.isEmpty() ? "at the top level" : "in " + path)
                            + " (valid: " + String.join(", ", keys) + ")"));
                }
            }
            return new MissionConfigSection(path, mapping.entries(), at, problems);
        }
        if (!isNullish(node)) {
            problems.add(problem(node.at(), path.isEmpty()
                    ? "the front matter must be a mapping of keys such as tracker: and agent:"
                    : path + " must be a mapping"));
        }
        return new MissionConfigSection(path, Map.of(), at, problems);
    }

    /** A nested mapping; absent or null is an empty section (all defaults). */
    MissionConfigSection section(String key, List<String> keys) {
        return of(name(key), node(key), keyAt(key), keys, problems);
    }

    /** The dotted name of a key of this section, as messages show it: {@code orchestration.max_retries}. */
    String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The raw value, or null when the key is absent. */
    Node node(String key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    /** Present with a non-null value. */
    boolean isSet(String key) {
        return !isNullish(node(key));
    }

    /** Where the key is written, or where this section is when it is absent. */
    Location keyAt(String key) {
        Entry entry = entries.get(key);
        return entry == null ? at : entry.keyAt();
    }

    void report(Location where, String message) {
        problems.add(problem(where, message));
    }

    void report(Node node, String message) {
        report(node.at(), message);
    }

    /** Reports a key that is set although it has no effect here; returns whether it may be read. */
    boolean usedOnlyWhen(String key, boolean used, String condition) {
        if (!used && isSet(key)) {
            report(keyAt(key), name(key) + " is only used when " + condition);
        }
        return used;
    }

    /** A non-blank string; null is not allowed. */
    String string(String key, String fallback) {
        Node node = node(key);
        if (node == null) {
            return fallback;
        }
        if (isNull(node)) {
            report(node, name(key) + " must be a string");
            return fallback;
        }
        return text(name(key), node).orElse(fallback);
    }

    /** A non-blank string or null. */
    String optionalString(String key, String fallback) {
        Node node = node(key);
        if (node == null) {
            return fallback;
        }
        return isNull(node) ? null : text(name(key), node).orElse(fallback);
    }

    /** One of {@code choices} (case-sensitive), or null when {@code nullable}. */
    String stringChoice(String key, String fallback, List<String> choices, boolean nullable) {
        Node node = node(key);
        if (node == null) {
            return fallback;
        }
        if (isNull(node) && nullable) {
            return null;
        }
        if (node instanceof Scalar s && s.kind() == ScalarKind.STRING && choices.contains(s.text())) {
            return s.text();
        }
        if (!isInvalid(node)) {
            report(node, name(key) + " must be one of " + String.join(", ", choices)
                    + (nullable ? " or null" : "") + got(node));
        }
        return fallback;
    }

    <E extends Enum<E> & WireName> E choice(String key, E fallback, Class<E> type) {
        Node node = node(key);
        return node == null ? fallback : enumValue(name(key), node, type).orElse(fallback);
    }

    /** Reads an enum from a node, reporting a problem (under {@code name}) when it is not one of the values. */
    <E extends Enum<E> & WireName> Optional<E> enumValue(String name, Node node, Class<E> type) {
        if (node instanceof Scalar s && s.kind() == ScalarKind.STRING) {
            for (E value : type.getEnumConstants()) {
                if (value.wire().equals(s.text())) {
                    return Optional.of(value);
                }
            }
        }
        if (!isInvalid(node)) {
            report(node, name + " must be one of " + wires(type) + got(node));
        }
        return Optional.empty();
    }

    static <E extends Enum<E> & WireName> String wires(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireName::wire).collect(Collectors.joining(", "));
    }

    int integer(String key, int fallback, int min) {
        Node node = node(key);
        if (node == null) {
            return fallback;
        }
        return wholeNumber(key, node, min).orElse(fallback);
    }

    Integer optionalInteger(String key, Integer fallback, int min) {
        Node node = node(key);
        if (node == null) {
            return fallback;
        }
        return isNull(node) ? null : wholeNumber(key, node, min).orElse(fallback);
    }

    private Optional<Integer> wholeNumber(String key, Node node, int min) {
        if (!(node instanceof Scalar s && s.kind() == ScalarKind.INTEGER)) {
            if (!isInvalid(node)) {
                report(node, name(key) + " must be a whole number" + got(node));
            }
            return Optional.empty();
        }
        BigInteger value = new BigInteger(s.value().toString());
        if (value.compareTo(BigInteger.valueOf(min)) < 0) {
            report(node, name(key) + " must be at least " + min + " (got " + value + ")");
            return Optional.empty();
        }
        if (value.bitLength() >= 32) {
            report(node, name(key) + " must be at most " + Integer.MAX_VALUE + " (got " + value + ")");
            return Optional.empty();
        }
        return Optional.of(value.intValue());
    }

    /** A number greater than zero, or null. */
    Double optionalPositiveNumber(String key) {
        Node node = node(key);
        if (isNullish(node)) {
            return null;
        }
        if (node instanceof Scalar s && s.value() instanceof Number n
                && Double.isFinite(n.doubleValue()) && n.doubleValue() > 0) {
            return n.doubleValue();
        }
        if (!isInvalid(node)) {
            report(node, name(key) + " must be a positive number" + got(node));
        }
        return null;
    }

    Duration duration(String key, Duration fallback, Duration min) {
        Node node = node(key);
        if (node == null) {
            return fallback;
        }
        if (isInvalid(node)) {
            return fallback;
        }
        if (!(node instanceof Scalar s && s.kind() == ScalarKind.STRING)) {
            report(node, name(key) + (node instanceof Scalar n && n.kind() == ScalarKind.INTEGER
                    ? " must be a duration with a unit, such as " + n.text() + "s or " + n.text() + "m"
                    : " must be " + DURATION_EXAMPLE) + got(node));
            return fallback;
        }
        Optional<Duration> value = Durations.parse(s.text());
        if (value.isEmpty()) {
            report(node, name(key) + " must be " + DURATION_EXAMPLE + got(node));
            return fallback;
        }
        if (value.get().compareTo(min) < 0) {
            report(node, name(key) + " must be at least " + Durations.format(min) + got(node));
            return fallback;
        }
        return value.get();
    }

    /** A list of strings; a single string is a list of one; null is an empty list. */
    List<String> strings(String key, List<String> fallback) {
        Node node = node(key);
        if (node == null) {
            return fallback;
        }
        if (isNullish(node)) {
            return List.of();
        }
        if (node instanceof Scalar) {
            return text(name(key), node).map(List::of).orElse(fallback);
        }
        if (!(node instanceof Sequence sequence)) {
            report(node, name(key) + " must be a list of strings");
            return fallback;
        }
        List<String> values = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < sequence.items().size(); i++) {
            Optional<String> item = text(name(key) + "[" + i + "]", sequence.items().get(i));
            ok &= item.isPresent();
            item.ifPresent(values::add);
        }
        return ok ? List.copyOf(values) : fallback;
    }

    /** A mapping of strings to strings (numbers and booleans are taken as written); null is empty. */
    Map<String, String> stringMap(String key) {
        Node node = node(key);
        if (isNullish(node)) {
            return Map.of();
        }
        if (!(node instanceof Mapping mapping)) {
            report(node, name(key) + " must be a mapping of names to strings");
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Entry entry : mapping.entries().values()) {
            String entryName = name(key) + "." + entry.key();
            if (entry.value() instanceof Scalar s && s.kind() != ScalarKind.NULL && s.kind() != ScalarKind.INVALID) {
                values.put(entry.key(), s.text());
            } else if (!isInvalid(entry.value())) {
                report(entry.value(), entryName + " must be a string");
            }
        }
        return values;
    }

    /** A free-form mapping kept as JSON; null is empty. */
    ObjectNode freeForm(String key) {
        Node node = node(key);
        if (isNullish(node)) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (node instanceof Mapping) {
            return (ObjectNode) MissionConfigYaml.toJson(node);
        }
        report(node, name(key) + " must be a mapping");
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * The text of a scalar, reported under {@code name} when it is not a usable string. Numbers are taken as
     * written ({@code base_branch: 2024}); true/false must be quoted ({@code yes}/{@code on} are strings already).
     */
    Optional<String> text(String name, Node node) {
        if (isInvalid(node)) {
            return Optional.empty();
        }
        if (node instanceof Scalar s && s.kind() != ScalarKind.NULL) {
            if (s.kind() == ScalarKind.BOOLEAN && List.of("true", "false").contains(s.text().toLowerCase(Locale.ROOT))) {
                report(node, name + " must be a string (quote it: \"" + s.text() + "\")");
                return Optional.empty();
            }
            if (s.text().isBlank()) {
                report(node, name + " must not be blank");
                return Optional.empty();
            }
            return Optional.of(s.text());
        }
        report(node, name + " must be a string");
        return Optional.empty();
    }

    private static String got(Node node) {
        return switch (node) {
            case Scalar s when s.kind() == ScalarKind.NULL -> " (got null)";
            case Scalar s -> " (got '" + s.text() + "')";
            case Mapping m -> " (got a mapping)";
            case Sequence q -> " (got a list)";
        };
    }

    static boolean isNullish(Node node) {
        return node == null || isNull(node) || isInvalid(node);
    }

    private static boolean isNull(Node node) {
        return node instanceof Scalar s && s.kind() == ScalarKind.NULL;
    }

    private static boolean isInvalid(Node node) {
        return node instanceof Scalar s && s.kind() == ScalarKind.INVALID;
    }

    private static MissionProblem problem(Location where, String message) {
        return new MissionProblem(where.line(), where.column(), message);
    }
}
