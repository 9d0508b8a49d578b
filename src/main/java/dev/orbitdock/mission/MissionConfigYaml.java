package dev.orbitdock.mission;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The front matter as a small tree that remembers where each key and value is in the file, so problems can point at
 * them. Built by walking Jackson's YAML tokens (not {@code readTree}, which forgets positions, source text and
 * duplicate keys), or from stored JSON (no positions).
 */
final class MissionConfigYaml {
    private MissionConfigYaml() {}

    /**
     * YAML 1.2-like scalars: {@code yes}/{@code no}/{@code on}/{@code off} are strings, and an empty value is null
     * (the builder does not enable that by default, unlike {@code new YAMLFactory()}).
     */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();

    /** A 1-based position in the file; {@link #NONE} for trees read from JSON. */
    record Location(int line, int column) {
        static final Location NONE = new Location(0, 0);
    }

    sealed interface Node permits Scalar, Mapping, Sequence {
        Location at();
    }

    enum ScalarKind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL, /** already reported (e.g. an alias) */ INVALID }

    /**
     * {@code text} is the source text (e.g. {@code yes}, {@code 0x10}); {@code value} is the resolved value: a
     * {@link String}, a {@link Number}, a {@link Boolean}, or null.
     */
    record Scalar(ScalarKind kind, String text, Object value, Location at) implements Node {
        boolean isNull() {
            return kind == ScalarKind.NULL;
        }
    }

    record Entry(String key, Location keyAt, Node value) {}

    /** Entries in file order. */
    record Mapping(Map<String, Entry> entries, Location at) implements Node {}

    record Sequence(List<Node> items, Location at) implements Node {}

    /**
     * Parses front matter whose first line is line {@code firstLine} of the file. A syntax error adds one problem and
     * returns empty; duplicate keys and aliases add problems but still return a tree. An empty document is a null.
     */
    static Optional<Node> parse(String yaml, int firstLine, List<MissionProblem> problems) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            Walker walker = new Walker(parser, firstLine - 1, problems);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.of(new Scalar(ScalarKind.NULL, "", null, new Location(firstLine, 1)));
            }
            Node root = walker.value(first);
            if (parser.nextToken() != null) {
                problems.add(walker.problem(parser.currentTokenLocation(),
                        "the front matter must be a single YAML document"));
            }
            return Optional.of(root);
        } catch (IOException | RuntimeException e) {
            problems.add(syntaxProblem(e, firstLine - 1));
            return Optional.empty();
        }
    }

    private static MissionProblem syntaxProblem(Exception e, int lineOffset) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark at = marked.getProblemMark();
                String message = "YAML syntax error: " + oneLine(marked.getProblem());
                Mark context = marked.getContextMark();
                if (marked.getContext() != null) {
                    message += " (" + oneLine(marked.getContext())
                            + (context != null && context.getLine() != at.getLine()
                                    ? " started on line " + (context.getLine() + 1 + lineOffset) : "")
                            + ")";
                }
                return new MissionProblem(at.getLine() + 1 + lineOffset, at.getColumn() + 1, message);
            }
        }
        if (e instanceof JsonProcessingException jackson && jackson.getLocation() != null) {
            String original = jackson.getOriginalMessage();
            String message = original != null && original.startsWith("Expected a field name")
                    ? "YAML keys must be plain scalars such as max_retries" : oneLine(String.valueOf(original));
            return new MissionProblem(Math.max(1, jackson.getLocation().getLineNr()) + lineOffset,
                    Math.max(1, jackson.getLocation().getColumnNr()), "YAML syntax error: " + message);
        }
        return new MissionProblem(1 + lineOffset, 1, "cannot read the front matter as YAML: " + oneLine(e.getMessage()));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Recursive descent over the token stream, one node per value. */
    private static final class Walker {
        private final JsonParser parser;
        private final int lineOffset;
        private final List<MissionProblem> problems;

        Walker(JsonParser parser, int lineOffset, List<MissionProblem> problems) {
            this.parser = parser;
            this.lineOffset = lineOffset;
            this.problems = problems;
        }

        Node value(JsonToken token) throws IOException {
            Location at = location(parser.currentTokenLocation());
            if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                problems.add(new MissionProblem(at.line(), at.column(),
                        "YAML aliases (*" + parser.getText() + ") are not supported; write the value out"));
                return new Scalar(ScalarKind.INVALID, parser.getText(), null, at);
            }
            return switch (token) {
                case START_OBJECT -> mapping(at);
                case START_ARRAY -> sequence(at);
                case VALUE_STRING -> new Scalar(ScalarKind.STRING, parser.getText(), parser.getText(), at);
                case VALUE_NUMBER_INT -> new Scalar(ScalarKind.INTEGER, parser.getText(), parser.getNumberValue(), at);
                case VALUE_NUMBER_FLOAT -> new Scalar(ScalarKind.DECIMAL, parser.getText(), parser.getNumberValue(), at);
                case VALUE_TRUE, VALUE_FALSE -> new Scalar(ScalarKind.BOOLEAN, parser.getText(), token == JsonToken.VALUE_TRUE, at);
                case VALUE_NULL -> new Scalar(ScalarKind.NULL, parser.getText(), null, at);
                default -> {
                    problems.add(new MissionProblem(at.line(), at.column(), "unsupported YAML value"));
                    yield new Scalar(ScalarKind.INVALID, "", null, at);
                }
            };
        }

        private Mapping mapping(Location at) throws IOException {
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                String key = parser.currentName();
                Location keyAt = location(parser.currentTokenLocation());
                Node value = value(parser.nextToken());
                Entry first = entries.get(key);
                if (first != null) {
                    problems.add(new MissionProblem(keyAt.line(), keyAt.column(), "duplicate key '" + key
                            + "' (first set on line " + first.keyAt().line() + ")"));
                } else {
                    entries.put(key, new Entry(key, keyAt, value));
                }
            }
            return new Mapping(Collections.unmodifiableMap(entries), at);
        }

        private Sequence sequence(Location at) throws IOException {
            List<Node> items = new ArrayList<>();
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                items.add(value(t));
            }
            return new Sequence(List.copyOf(items), at);
        }

        MissionProblem problem(JsonLocation where, String message) {
            Location at = location(where);
            return new MissionProblem(at.line(), at.column(), message);
        }

        private Location location(JsonLocation where) {
            return new Location(Math.max(1, where.getLineNr()) + lineOffset, Math.max(1, where.getColumnNr()));
        }
    }

    /** A tree of stored JSON, without positions. */
    static Node fromJson(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return new Scalar(ScalarKind.NULL, "null", null, Location.NONE);
        }
        if (json.isObject()) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            json.properties().forEach(p ->
                    entries.put(p.getKey(), new Entry(p.getKey(), Location.NONE, fromJson(p.getValue()))));
            return new Mapping(Collections.unmodifiableMap(entries), Location.NONE);
        }
        if (json.isArray()) {
            List<Node> items = new ArrayList<>();
            json.forEach(item -> items.add(fromJson(item)));
            return new Sequence(List.copyOf(items), Location.NONE);
        }
        if (json.isBoolean()) {
            return new Scalar(ScalarKind.BOOLEAN, json.asText(), json.booleanValue(), Location.NONE);
        }
        if (json.isIntegralNumber()) {
            return new Scalar(ScalarKind.INTEGER, json.asText(), json.numberValue(), Location.NONE);
        }
        if (json.isNumber()) {
            return new Scalar(ScalarKind.DECIMAL, json.asText(), json.numberValue(), Location.NONE);
        }
        return new Scalar(ScalarKind.STRING, json.asText(), json.asText(), Location.NONE);
    }

    /** The JSON form of a node, for the free-form sections ({@code agent.claude}, {@code agent.codex}). */
    static JsonNode toJson(Node node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (node) {
            case Mapping m -> {
                ObjectNode object = f.objectNode();
                m.entries().values().forEach(e -> object.set(e.key(), toJson(e.value())));
                yield object;
            }
            case Sequence s -> {
                ArrayNode array = f.arrayNode();
                s.items().forEach(item -> array.add(toJson(item)));
                yield array;
            }
            case Scalar s -> switch (s.kind()) {
                case STRING -> f.textNode(s.text());
                case BOOLEAN -> f.booleanNode((Boolean) s.value());
                case INTEGER, DECIMAL -> switch (s.value()) {
                    case Integer i -> f.numberNode(i);
                    case Long l -> f.numberNode(l);
                    case BigInteger big -> f.numberNode(big);
                    case BigDecimal big -> f.numberNode(big);
                    case Float x -> f.numberNode(x);
                    default -> f.numberNode(((Number) s.value()).doubleValue());
                };
                case NULL, INVALID -> f.nullNode();
            };
        };
    }
}
