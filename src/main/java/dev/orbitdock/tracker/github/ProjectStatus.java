package dev.orbitdock.tracker.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.tracker.TrackerException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Projects v2 "Status" field, which stands in for workflow states that GitHub issues do not have. The project,
 * field and option ids are looked up by name once per instance and looked up again only when a name is missing.
 */
final class ProjectStatus {
    static final String FIELD = "Status";

    /** An issue as the project sees it; {@code itemId} and {@code status} are null when it is not in the project. */
    record IssueItem(String issueNodeId, String itemId, String status) {}

    record Project(String id, String fieldId, Map<String, String> optionIds) {
        Optional<String> optionId(String name) {
            String exact = optionIds.get(name);
            if (exact != null) {
                return Optional.of(exact);
            }
            return optionIds.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst();
        }
    }

    static final String PROJECT_QUERY = """
            query($owner: String!, $number: Int!) {
              repositoryOwner(login: $owner) {
                ... on ProjectV2Owner {
                  projectV2(number: $number) {
                    id
                    field(name: "Status") {
                      ... on ProjectV2SingleSelectField { id options { id name } }
                    }
                  }
                }
              }
            }""";

    static final String ADD_ITEM = """
            mutation($project: ID!, $content: ID!) {
              addProjectV2ItemById(input: {projectId: $project, contentId: $content}) { item { id } }
            }""";

    static final String SET_STATUS = """
            mutation($project: ID!, $item: ID!, $field: ID!, $option: String!) {
              updateProjectV2ItemFieldValue(input: {projectId: $project, itemId: $item, fieldId: $field, \
            value: {singleSelectOptionId: $option}}) { projectV2Item { id } }
            }""";

    private final GitHubHttp http;
    private final String owner;
    private final String repo;
    private final int number;
    private volatile Project project;

    ProjectStatus(GitHubHttp http, String owner, String repo, int number) {
        this.http = http;
        this.owner = owner;
        this.repo = repo;
        this.number = number;
    }

    /** Each issue's project item and Status, by issue number; numbers of issues that do not exist are absent. */
    Map<Integer, IssueItem> items(Collection<Integer> issueNumbers) {
        Map<Integer, IssueItem> items = new LinkedHashMap<>();
        if (issueNumbers.isEmpty()) {
            return items;
        }
        String projectId = project(false).id();
        JsonNode repository = http.graphql(itemsQuery(issueNumbers), variables(), "reading project " + FIELD
                + " of issues " + issueNumbers, true).path("repository");
        for (int issue : issueNumbers) {
            JsonNode node = repository.path("i" + issue);
            if (!node.isObject()) {
                continue;
            }
            IssueItem item = new IssueItem(node.path("id").asText(), null, null);
            for (JsonNode candidate : node.path("projectItems").path("nodes")) {
                if (projectId.equals(candidate.path("project").path("id").asText())) {
                    item = new IssueItem(item.issueNodeId(), candidate.path("id").asText(),
                            candidate.path("fieldValueByName").path("name").asText(null));
                }
            }
            items.put(issue, item);
        }
        return items;
    }

    void move(int issue, String status) {
        Project current = project(false);
        Optional<String> option = current.optionId(status);
        if (option.isEmpty()) {
            // Someone may have added the option since we cached the project.
            current = project(true);
            option = current.optionId(status);
        }
        if (option.isEmpty()) {
            throw new TrackerException.Invalid("project " + number + " of " + owner + " has no " + FIELD + " '"
                    + status + "'; its options are " + current.optionIds().keySet());
        }
        IssueItem item = items(List.of(issue)).get(issue);
        if (item == null) {
            throw new TrackerException.Invalid("no issue #" + issue + " in " + owner + "/" + repo);
        }
        String itemId = item.itemId();
        if (itemId == null) {
            ObjectNode add = Json.mapper().createObjectNode().put("project", current.id())
                    .put("content", item.issueNodeId());
            itemId = http.graphql(ADD_ITEM, add, "adding issue #" + issue + " to project " + number)
                    .path("addProjectV2ItemById").path("item").path("id").asText();
        }
        ObjectNode set = Json.mapper().createObjectNode().put("project", current.id()).put("item", itemId)
                .put("field", current.fieldId()).put("option", option.get());
        http.graphql(SET_STATUS, set, "setting " + FIELD + " of issue #" + issue + " to '" + status + "'");
    }

    private Project project(boolean refresh) {
        Project cached = project;
        if (cached != null && !refresh) {
            return cached;
        }
        ObjectNode variables = Json.mapper().createObjectNode().put("owner", owner).put("number", number);
        JsonNode found = http.graphql(PROJECT_QUERY, variables, "looking up project " + number + " of " + owner)
                .path("repositoryOwner").path("projectV2");
        if (!found.isObject()) {
            throw new TrackerException.Invalid("no project " + number + " owned by " + owner);
        }
        JsonNode field = found.path("field");
        if (!field.path("options").isArray()) {
            throw new TrackerException.Invalid("project " + number + " of " + owner + " has no single-select "
                    + FIELD + " field");
        }
        Map<String, String> options = new LinkedHashMap<>();
        field.path("options").forEach(o -> options.put(o.path("name").asText(), o.path("id").asText()));
        cached = new Project(found.path("id").asText(), field.path("id").asText(), options);
        project = cached;
        return cached;
    }

    /** One aliased {@code issue(number:)} per issue, so a page of issues costs one GraphQL call. */
    private static String itemsQuery(Collection<Integer> issueNumbers) {
        String issues = issueNumbers.stream()
                .map(n -> "    i" + n + ": issue(number: " + n + ") { ...item }")
                .collect(Collectors.joining("\n"));
        return "query($owner: String!, $repo: String!) {\n  repository(owner: $owner, name: $repo) {\n" + issues
                + "\n  }\n}\n"
                + "fragment item on Issue {\n  id\n  projectItems(first: 20) {\n    nodes {\n      id\n"
                + "      project { id }\n      fieldValueByName(name: \"" + FIELD + "\") {\n"
                + "        ... on ProjectV2ItemFieldSingleSelectValue { name }\n      }\n    }\n  }\n}";
    }

    private ObjectNode variables() {
        return Json.mapper().createObjectNode().put("owner", owner).put("repo", repo);
    }
}
