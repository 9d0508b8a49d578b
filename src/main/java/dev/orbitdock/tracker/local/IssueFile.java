package dev.orbitdock.tracker.local;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orbitdock.tracker.TrackerException;
import dev.orbitdock.tracker.TrackerIssue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads one {@code <ID>.md} issue file: YAML front matter for the fields, the Markdown body for the description. */
final class IssueFile {
    private IssueFile() {}

    static final String DEFAULT_STATE = "Todo";

    // Duplicate keys are an error rather than "last one wins": a file with two `state:` lines is ambiguous.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Strict UTF-8: a file we would re-encode differently must not be rewritten "byte for byte". */
    static String decode(String fileName, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new TrackerException.Invalid(fileName + ": not valid UTF-8");
        }
    }

    /**
     * @param id the file stem (the tracker id)
     * @param url the issue's link when the front matter has none
     * @param modified the file's mtime, the creation time when the front matter has none
     */
    static TrackerIssue parse(IssueText text, String id, String url, Instant modified) {
        JsonNode fm = frontMatter(text);
        String title = string(text, fm, "title");
        if (title == null || title.isBlank()) {
            throw IssueText.invalid(text.fileName(), text.lineOf("title").orElse(1), "the front matter needs a title");
        }
        String identifier = string(text, fm, "identifier");
        String state = string(text, fm, "state");
        String ownUrl = string(text, fm, "url");
        return new TrackerIssue(id, identifier == null ? id : identifier, title, text.body(),
                ownUrl == null ? url : ownUrl, state == null ? DEFAULT_STATE : state, labels(text, fm),
                priority(text, fm), created(text, fm, modified));
    }

    private static JsonNode frontMatter(IssueText text) {
        JsonNode node;
        try {
            node = YAML.readTree(text.yaml());
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 1 : IssueText.fileLine(Math.max(1, e.getLocation().getLineNr()));
            throw IssueText.invalid(text.fileName(), line, "front matter is not valid YAML: " + oneLine(e));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return YAML.createObjectNode();
        }
        if (!node.isObject()) {
            throw IssueText.invalid(text.fileName(), 2, "the front matter must be a YAML mapping (key: value lines)");
        }
        return node;
    }

    /**
     * SnakeYAML's message quotes the text with line numbers relative to the front matter; keep only its
     * unindented sentences so the file line we report is the only line number the user sees.
     */
    private static String oneLine(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        return message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .collect(java.util.stream.Collectors.joining(": "));
    }

    private static String string(IssueText text, JsonNode fm, String key) {
        JsonNode value = fm.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw wrongType(text, key, "a single value");
        }
        return value.asText();
    }

    private static List<String> labels(IssueText text, JsonNode fm) {
        JsonNode value = fm.get("labels");
        List<String> labels = new ArrayList<>();
        if (value == null || value.isNull()) {
            return labels;
        }
        if (value.isValueNode()) {
            labels.add(value.asText());
            return labels;
        }
        if (!value.isArray()) {
            throw wrongType(text, "labels", "a list of names");
        }
        for (JsonNode label : value) {
            if (!label.isValueNode() || label.isNull()) {
                throw wrongType(text, "labels", "a list of names");
            }
            labels.add(label.asText());
        }
        return labels;
    }

    private static int priority(IssueText text, JsonNode fm) {
        JsonNode value = fm.get("priority");
        if (value == null || value.isNull()) {
            return 0;
        }
        String raw = value.asText().strip();
        if (value.isValueNode() && raw.matches("[0-4]")) {
            return Integer.parseInt(raw);
        }
        throw wrongType(text, "priority", "0 (none) or 1 (urgent) … 4 (low), not '" + raw + "'");
    }

    private static Instant created(IssueText text, JsonNode fm, Instant modified) {
        String raw = string(text, fm, "created");
        if (raw == null) {
            return modified;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(raw).toInstant();
            } catch (DateTimeParseException e) {
                throw wrongType(text, "created", "an ISO-8601 instant such as 2026-01-31T09:00:00Z, not '" + raw + "'");
            }
        }
    }

    private static TrackerException.Invalid wrongType(IssueText text, String key, String expected) {
        return IssueText.invalid(text.fileName(), text.lineOf(key).orElse(1), key + " must be " + expected);
    }
}
