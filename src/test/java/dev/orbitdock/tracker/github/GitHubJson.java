package dev.orbitdock.tracker.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import java.util.List;

/** Response bodies shaped like GitHub's (REST "issue" objects, error bodies, GraphQL answers). */
final class GitHubJson {
    private GitHubJson() {}

    static final String REPO_API = "https://api.github.com/repos/octo/hello";

    static ObjectNode issue(int number, String title, String state, List<String> labels) {
        ObjectNode issue = Json.mapper().createObjectNode()
                .put("url", REPO_API + "/issues/" + number)
                .put("repository_url", REPO_API)
                .put("labels_url", REPO_API + "/issues/" + number + "/labels{/name}")
                .put("comments_url", REPO_API + "/issues/" + number + "/comments")
                .put("html_url", "https://github.com/octo/hello/issues/" + number)
                .put("id", 1_000_000L + number)
                .put("node_id", "I_kwDOAbc" + number)
                .put("number", number)
                .put("title", title);
        issue.putObject("user").put("login", "octocat").put("id", 1).put("type", "User");
        ArrayNode labelNodes = issue.putArray("labels");
        for (String label : labels) {
            labelNodes.addObject().put("id", 208045946L + label.hashCode()).put("node_id", "LA_" + label)
                    .put("url", REPO_API + "/labels/" + label).put("name", label).put("color", "f29513")
                    .put("default", false).putNull("description");
        }
        issue.put("state", state).put("locked", false).putNull("assignee");
        issue.putArray("assignees");
        issue.putNull("milestone");
        issue.put("comments", 0)
                .put("created_at", String.format("2026-01-%02dT10:00:00Z", Math.min(28, number)))
                .put("updated_at", "2026-02-01T10:00:00Z")
                .putNull("closed_at")
                .put("author_association", "OWNER")
                .put("body", "Body of #" + number)
                .putNull("state_reason");
        return issue;
    }

    static ObjectNode pullRequest(int number) {
        ObjectNode pr = issue(number, "A pull request", "open", List.of("agent"));
        pr.putObject("pull_request").put("url", REPO_API + "/pulls/" + number)
                .put("html_url", "https://github.com/octo/hello/pull/" + number)
                .put("diff_url", "https://github.com/octo/hello/pull/" + number + ".diff")
                .put("patch_url", "https://github.com/octo/hello/pull/" + number + ".patch")
                .putNull("merged_at");
        return pr;
    }

    static String array(ObjectNode... items) {
        ArrayNode array = Json.mapper().createArrayNode();
        for (ObjectNode item : items) {
            array.add(item);
        }
        return array.toString();
    }

    static String error(String message, String documentationUrl) {
        return Json.mapper().createObjectNode().put("message", message).put("documentation_url", documentationUrl)
                .toString();
    }

    static String comment(int issue, String body) {
        return commentNode(1, issue, body, "2026-02-01T10:00:00Z").toString();
    }

    /** An issue comment as the issue comments endpoints return it. */
    static ObjectNode commentNode(long id, int issue, String body, String createdAt) {
        ObjectNode comment = Json.mapper().createObjectNode().put("id", id).put("node_id", "IC_" + id)
                .put("url", REPO_API + "/issues/comments/" + id)
                .put("html_url", "https://github.com/octo/hello/issues/" + issue + "#issuecomment-" + id)
                .put("body", body)
                .put("created_at", createdAt).put("updated_at", createdAt)
                .put("issue_url", REPO_API + "/issues/" + issue).put("author_association", "OWNER");
        comment.putObject("user").put("login", "octocat").put("id", 1);
        return comment;
    }

    static String repository() {
        return Json.mapper().createObjectNode().put("id", 1296269).put("node_id", "R_kgDOAbc")
                .put("name", "hello").put("full_name", "octo/hello").put("private", true).toString();
    }

    static final String PROJECT = """
            {"data":{"repositoryOwner":{"projectV2":{"id":"PVT_kwDOAbc","field":{"id":"PVTSSF_lADOAbc","options":[\
            {"id":"f75ad846","name":"Todo"},{"id":"47fc9ee4","name":"In Progress"},{"id":"98236657","name":"Done"}]}}}}}""";

    /** One GraphQL "projectItems" entry per issue: {number, itemId or null, status or null}. */
    static String items(Object[]... issues) {
        ObjectNode repository = Json.mapper().createObjectNode();
        for (Object[] issue : issues) {
            ObjectNode node = repository.putObject("i" + issue[0]).put("id", "I_kwDOAbc" + issue[0]);
            ArrayNode nodes = node.putObject("projectItems").putArray("nodes");
            if (issue[1] != null) {
                ObjectNode item = nodes.addObject().put("id", (String) issue[1]);
                item.putObject("project").put("id", "PVT_kwDOAbc");
                if (issue[2] == null) {
                    item.putNull("fieldValueByName");
                } else {
                    item.putObject("fieldValueByName").put("name", (String) issue[2]);
                }
            }
            // An item in some other project, which must be ignored.
            ObjectNode other = nodes.addObject().put("id", "PVTI_other" + issue[0]);
            other.putObject("project").put("id", "PVT_someoneElse");
            other.putObject("fieldValueByName").put("name", "Done");
        }
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.putObject("data").set("repository", repository);
        return answer.toString();
    }
}
