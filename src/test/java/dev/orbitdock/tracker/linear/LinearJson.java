package dev.orbitdock.tracker.linear;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import java.util.List;

/** Answers shaped like Linear's GraphQL API. */
final class LinearJson {
    private LinearJson() {}

    static String uuid(int n) {
        return String.format("9cfb482a-81e3-4154-b5b9-%012d", n);
    }

    static ObjectNode issue(int n, String state, List<String> labels, double priority) {
        ObjectNode issue = Json.mapper().createObjectNode()
                .put("id", uuid(n))
                .put("identifier", "ENG-" + n)
                .put("title", "Issue " + n)
                .put("description", "Description of ENG-" + n)
                .put("url", "https://linear.app/acme/issue/ENG-" + n + "/issue-" + n)
                .put("priority", priority)
                .put("createdAt", String.format("2026-01-%02dT08:30:00.000Z", Math.min(28, n)));
        issue.putObject("state").put("name", state);
        ArrayNode labelNodes = issue.putObject("labels").putArray("nodes");
        labels.forEach(label -> labelNodes.addObject().put("name", label));
        return issue;
    }

    static String page(String endCursor, boolean hasNextPage, ObjectNode... nodes) {
        ObjectNode answer = Json.mapper().createObjectNode();
        ObjectNode issues = answer.putObject("data").putObject("issues");
        issues.putObject("pageInfo").put("hasNextPage", hasNextPage).put("endCursor", endCursor);
        ArrayNode array = issues.putArray("nodes");
        for (ObjectNode node : nodes) {
            array.add(node);
        }
        return answer.toString();
    }

    static String nodes(ObjectNode... nodes) {
        ObjectNode answer = Json.mapper().createObjectNode();
        ArrayNode array = answer.putObject("data").putObject("issues").putArray("nodes");
        for (ObjectNode node : nodes) {
            array.add(node);
        }
        return answer.toString();
    }

    /** A {@code Comment} node; {@code author} null as for an integration's (bot's) comment. */
    static ObjectNode comment(String id, String body, String author, String createdAt) {
        ObjectNode comment = Json.mapper().createObjectNode().put("id", id).put("body", body)
                .put("createdAt", createdAt);
        if (author == null) {
            comment.putNull("user");
        } else {
            comment.putObject("user").put("name", author);
        }
        return comment;
    }

    /** A comment mutation's payload: {@code {success, comment}}. */
    static String commentPayload(String mutation, ObjectNode comment) {
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.putObject("data").putObject(mutation).put("success", true).set("comment", comment);
        return answer.toString();
    }

    /** One page of {@code issue(id) { comments }}. */
    static String comments(String issueId, String endCursor, boolean hasNextPage, ObjectNode... nodes) {
        ObjectNode answer = Json.mapper().createObjectNode();
        ObjectNode comments = answer.putObject("data").putObject("issue").put("id", issueId).putObject("comments");
        comments.putObject("pageInfo").put("hasNextPage", hasNextPage).put("endCursor", endCursor);
        ArrayNode array = comments.putArray("nodes");
        for (ObjectNode node : nodes) {
            array.add(node);
        }
        return answer.toString();
    }

    static String success(String mutation) {
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.putObject("data").putObject(mutation).put("success", true);
        return answer.toString();
    }

    static String error(String message, String code, String type, String userPresentableMessage) {
        ObjectNode answer = Json.mapper().createObjectNode();
        ObjectNode error = answer.putArray("errors").addObject().put("message", message);
        error.putObject("extensions").put("code", code).put("type", type).put("userError", true)
                .put("userPresentableMessage", userPresentableMessage);
        return answer.toString();
    }

    static final String RATE_LIMITED = error("Rate limit exceeded", "RATELIMITED", "ratelimited",
            "You have exceeded the rate limit. Please try again later.");

    static final String UNAUTHENTICATED = error("Authentication required, not authenticated",
            "AUTHENTICATION_ERROR", "authentication error", "Authentication required, not authenticated.");
}
