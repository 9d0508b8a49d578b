package dev.orbitdock.mission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a mission prompt can use: {@code issue.{id,identifier,title,description,url,state,labels,priority}},
 * {@code attempt} (1 for the first run), {@code mission.*} and {@code workspace.{branch,path}}.
 *
 * <p>Templates render in strict mode, where a null counts as a missing variable; so nulls are stored as empty strings
 * (test them with {@code {% if issue.description != empty %}}: an empty string is truthy in Liquid, and liqp, unlike
 * Ruby Liquid, does not treat {@code ""} as {@code blank}).
 *
 * <pre>{@code
 * PromptVariables.issue(id, "ENG-42", title, description, url, "Todo", labels, 2)
 *         .attempt(2).mission(Map.of("name", "docs")).workspace("orbitdock/eng-42", "/work/eng-42")
 * }</pre>
 */
public record PromptVariables(Map<String, Object> issue, int attempt, Map<String, Object> mission,
        Map<String, Object> workspace) {

    public PromptVariables {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1-based, got " + attempt);
        }
        issue = plainMap(issue);
        mission = plainMap(mission);
        workspace = plainMap(workspace);
    }

    /** The variables for an issue's first attempt, with no mission or workspace values yet. */
    public static PromptVariables issue(String id, String identifier, String title, String description, String url,
            String state, List<String> labels, int priority) {
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("id", id);
        issue.put("identifier", identifier);
        issue.put("title", title);
        issue.put("description", description);
        issue.put("url", url);
        issue.put("state", state);
        issue.put("labels", labels == null ? List.of() : labels);
        issue.put("priority", priority);
        return new PromptVariables(issue, 1, Map.of(), Map.of());
    }

    public PromptVariables attempt(int attempt) {
        return new PromptVariables(issue, attempt, mission, workspace);
    }

    public PromptVariables mission(Map<String, ?> mission) {
        return new PromptVariables(issue, attempt, mission == null ? Map.of() : new LinkedHashMap<>(mission), workspace);
    }

    public PromptVariables workspace(String branch, String path) {
        Map<String, Object> workspace = new LinkedHashMap<>();
        workspace.put("branch", branch);
        workspace.put("path", path);
        return new PromptVariables(issue, attempt, mission, workspace);
    }

    /** The template context: {@code issue}, {@code attempt}, {@code mission}, {@code workspace}. */
    public Map<String, Object> asMap() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("issue", issue);
        vars.put("attempt", attempt);
        vars.put("mission", mission);
        vars.put("workspace", workspace);
        return Collections.unmodifiableMap(vars);
    }

    /** An unmodifiable copy with nulls as "" and anything but maps, lists, numbers and booleans as text. */
    private static Map<String, Object> plainMap(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((key, value) -> copy.put(String.valueOf(key), plain(value)));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object plain(Object value) {
        return switch (value) {
            case null -> "";
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
                yield Collections.unmodifiableMap(copy);
            }
            case Collection<?> list -> {
                List<Object> copy = new ArrayList<>();
                list.forEach(item -> copy.add(plain(item)));
                yield Collections.unmodifiableList(copy);
            }
            case Number n -> n;
            case Boolean b -> b;
            default -> value.toString();
        };
    }
}
