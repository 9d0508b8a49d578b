package dev.orbitdock.mission;

import dev.orbitdock.common.OrbitDockException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liqp.ParseSettings;
import liqp.ProtectionSettings;
import liqp.RenderSettings;
import liqp.Template;
import liqp.TemplateParser;
import liqp.exceptions.ExceededMaxIterationsException;
import liqp.exceptions.LiquidException;
import liqp.exceptions.VariableNotExistException;
import liqp.org.antlr.v4.runtime.Token;
import liqp.org.antlr.v4.runtime.tree.ParseTree;
import liqp.org.antlr.v4.runtime.tree.TerminalNode;
import liqp.parser.Flavor;
import liquid.parser.v4.LiquidParser;

/**
 * The body of a MISSION.md: a Liquid template rendered once per attempt with {@link PromptVariables}. Rendering is
 * strict: an unknown variable is an error, not an empty string. {@code {% include %}} is refused (it would read files
 * of the server). Instances are immutable; render them from any thread.
 */
public final class PromptTemplate {
    static final List<String> ROOTS = List.of("issue", "attempt", "mission", "workspace");
    static final List<String> ISSUE_FIELDS =
            List.of("id", "identifier", "title", "description", "url", "state", "labels", "priority");
    static final List<String> WORKSPACE_FIELDS = List.of("branch", "path");
    private static final String AVAILABLE = "issue.{" + String.join(",", ISSUE_FIELDS)
            + "}, attempt, mission.*, workspace.{" + String.join(",", WORKSPACE_FIELDS) + "}";

    private static final TemplateParser PARSER = new TemplateParser.Builder()
            .withParseSettings(new ParseSettings.Builder().withFlavor(Flavor.LIQUID).build())
            .withRenderSettings(new RenderSettings.Builder()
                    .withStrictVariables(true)
                    .withRaiseExceptionsInStrictMode(true)
                    .build())
            .withProtectionSettings(new ProtectionSettings.Builder()
                    .withMaxIterations(100_000)
                    .withMaxSizeRenderedString(2_000_000)
                    .build())
            .build();
    private static final Set<String> FILTERS = Set.copyOf(PARSER.getParseSettings().flavor.getFilters()
            .mergeWith(PARSER.getParseSettings().filters).getMap().keySet());
    private static final Pattern PARSER_ERROR = Pattern.compile("parser error \"(.*)\" on line \\d+, index \\d+",
            Pattern.DOTALL);

    private static final Pattern RENDER_ERROR = Pattern.compile("error on line (\\d+), index (\\d+): (.*)");

    private final String source;
    private final Template template;

    private PromptTemplate(String source, Template template) {
        this.source = source;
        this.template = template;
    }

    /**
     * Compiles a template. {@link MissionFile#parse} has already reported problems of a MISSION.md body, so for those
     * this does not throw.
     *
     * @throws OrbitDockException {@code prompt_invalid} when the text is not valid Liquid
     */
    public static PromptTemplate compile(String template) {
        Objects.requireNonNull(template, "template");
        try {
            return new PromptTemplate(template, PARSER.parse(template));
        } catch (RuntimeException e) {
            MissionProblem problem = syntaxProblem(e, 1);
            throw new OrbitDockException("prompt_invalid", "prompt template line " + problem.line() + ", column "
                    + problem.column() + ": " + problem.message(), "fix the prompt (the body of MISSION.md)");
        }
    }

    /** The template text. */
    public String source() {
        return source;
    }

    /**
     * @throws OrbitDockException {@code prompt_render_failed} for a variable that is not set, a filter that does not
     *     exist or fails on its input, or a template that loops too long
     */
    public String render(PromptVariables vars) {
        try {
            return template.render(vars.asMap());
        } catch (RuntimeException e) {
            throw renderFailure(e);
        }
    }

    private static OrbitDockException renderFailure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VariableNotExistException missing) {
                return new OrbitDockException("prompt_render_failed", "the prompt uses '" + missing.getVariableName()
                        + "', which is not set", "a mission prompt can use " + AVAILABLE);
            }
            if (t instanceof ExceededMaxIterationsException) {
                return new OrbitDockException("prompt_render_failed",
                        "the prompt template loops too many times (more than 100000 iterations)", null);
            }
        }
        String message = oneLine(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        Matcher at = RENDER_ERROR.matcher(message);
        message = at.matches()
                ? " at line " + at.group(1) + ", column " + (Integer.parseInt(at.group(2)) + 1) + ": " + at.group(3)
                : ": " + message;
        return new OrbitDockException("prompt_render_failed", "the prompt template failed to render" + message,
                "check the filters and tags of the prompt (the body of MISSION.md)");
    }

    /**
     * What is wrong with a MISSION.md body whose first line is line {@code firstLine} of the file: a Liquid syntax
     * error (liqp stops at the first), or else every unknown filter, unknown variable, unknown issue/workspace field
     * and {@code include}. Variables set by the template itself ({@code assign}, {@code capture}, {@code for}, …) are
     * known wherever they are set.
     */
    static List<MissionProblem> problems(String body, int firstLine) {
        Template template;
        try {
            template = PARSER.parse(body);
        } catch (RuntimeException e) {
            return List.of(syntaxProblem(e, firstLine));
        }
        Checker checker = new Checker(body, firstLine);
        checker.walk(template.getParseTree());
        return checker.report();
    }

    private static MissionProblem syntaxProblem(RuntimeException e, int firstLine) {
        if (e instanceof LiquidException liquid) {
            Matcher inner = PARSER_ERROR.matcher(String.valueOf(liquid.getMessage()));
            String message = inner.matches() ? inner.group(1) : liquid.getMessage();
            return new MissionProblem(firstLine + Math.max(liquid.line, 1) - 1,
                    Math.max(liquid.charPositionInLine, 0) + 1, "Liquid syntax error: " + oneLine(message));
        }
        return new MissionProblem(firstLine, 1, "Liquid syntax error: " + oneLine(String.valueOf(e.getMessage())));
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Walks liqp's parse tree (the generated ANTLR contexts of {@code liquid.parser.v4.LiquidParser}). */
    private static final class Checker {
        private final int firstLine;
        /** Code point index where each line of the body starts (liqp's token positions are code point indexes). */
        private final List<Integer> lineStarts = new ArrayList<>();
        private final List<MissionProblem> problems = new ArrayList<>();
        private final Set<String> declared = new HashSet<>(Set.of("forloop", "tablerowloop"));
        private final List<LiquidParser.Lookup_id_indexesContext> lookups = new ArrayList<>();

        Checker(String body, int firstLine) {
            this.firstLine = firstLine;
            lineStarts.add(0);
            int[] codePoints = body.codePoints().toArray();
            for (int i = 0; i < codePoints.length; i++) {
                if (codePoints[i] == '\n') {
                    lineStarts.add(i + 1);
                }
            }
        }

        void walk(ParseTree node) {
            switch (node) {
                case LiquidParser.FilterContext f when f.Id() != null && !FILTERS.contains(f.Id().getText()) ->
                        add(f.Id().getSymbol(), "unknown Liquid filter '" + f.Id().getText() + "'");
                case LiquidParser.Include_tagContext include -> add(include.getStart(),
                        "{% include %} is not supported in mission prompts: the prompt must be self-contained");
                case LiquidParser.Lookup_id_indexesContext lookup -> lookups.add(lookup);
                case LiquidParser.AssignmentContext a when a.id() != null -> declared.add(a.id().getText());
                case LiquidParser.Capture_tag_IdContext c when c.id() != null -> declared.add(c.id().getText());
                case LiquidParser.Capture_tag_StrContext c when c.Str() != null ->
                        declared.add(c.Str().getText().replaceAll("^['\"]|['\"]$", ""));
                case LiquidParser.For_arrayContext f when f.id() != null -> declared.add(f.id().getText());
                case LiquidParser.For_rangeContext f when f.id() != null -> declared.add(f.id().getText());
                case LiquidParser.Table_tagContext t when t.id() != null -> declared.add(t.id().getText());
                case LiquidParser.Simple_tagContext s -> declareWords(s);
                default -> { }
            }
            for (int i = 0; i < node.getChildCount(); i++) {
                walk(node.getChild(i));
            }
        }

        List<MissionProblem> report() {
            for (LiquidParser.Lookup_id_indexesContext lookup : lookups) {
                if (lookup.id() == null) {
                    continue;
                }
                String root = lookup.id().getText();
                if (declared.contains(root)) {
                    continue;
                }
                if (!ROOTS.contains(root)) {
                    add(lookup.getStart(), "unknown variable '" + root + "' (a mission prompt can use " + AVAILABLE
                            + ")");
                    continue;
                }
                List<String> fields = switch (root) {
                    case "issue" -> ISSUE_FIELDS;
                    case "workspace" -> WORKSPACE_FIELDS;
                    default -> null;
                };
                if (fields != null && !lookup.index().isEmpty()) {
                    LiquidParser.IndexContext first = lookup.index().getFirst();
                    if (first.Dot() != null && first.id2() != null) {
                        String field = first.id2().getText();
                        if (!fields.contains(field) && !field.equals("size")) {
                            add(first.id2().getStart(), "unknown field '" + field + "' of " + root + " (valid: "
                                    + String.join(", ", fields) + ")");
                        }
                    }
                }
            }
            problems.sort(MissionProblem.IN_FILE_ORDER);
            return List.copyOf(problems);
        }

        /**
         * A problem at a token. Its start index is used rather than its line and charPositionInLine: liqp's lexer
         * reports the wrong charPositionInLine for the ids of a lookup such as {@code issue.title}.
         */
        private void add(Token at, String message) {
            int index = Math.max(at.getStartIndex(), 0);
            int line = 0;
            while (line + 1 < lineStarts.size() && lineStarts.get(line + 1) <= index) {
                line++;
            }
            problems.add(new MissionProblem(firstLine + line, index - lineStarts.get(line) + 1, message));
        }

        /** Every word of a tag such as {@code {% increment n %}}: any of them may name a variable. */
        private void declareWords(ParseTree node) {
            if (node instanceof TerminalNode terminal) {
                declared.addAll(List.of(terminal.getText().split("\\W+")));
            }
            for (int i = 0; i < node.getChildCount(); i++) {
                declareWords(node.getChild(i));
            }
        }
    }
}
