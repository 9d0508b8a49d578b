package dev.orbitdock.http;

import dev.orbitdock.auth.TokenScope;
import dev.orbitdock.mission.IssueSummary;
import dev.orbitdock.mission.MissionTools;
import dev.orbitdock.tracker.TrackerComment;
import dev.orbitdock.tracker.TrackerIssue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/mission-tools/…}: the mission tools of one mission issue, for the agent working on it. The token
 * names the issue ({@link TokenScope.Issue}, accepted here and nowhere else), so no path carries an issue id and
 * an agent can reach no other issue.
 */
final class MissionToolRoutes {
    static final String PREFIX = "/api/mission-tools/";

    record CommentRequest(String body) {}

    record StatusRequest(String state) {}

    record PullRequestRequest(String url) {}

    record FollowUpRequest(String title, String description) {}

    record BlockedRequest(String reason) {}

    private final MissionTools tools;
    private final JsonBodies bodies;

    MissionToolRoutes(MissionTools tools, JsonBodies bodies) {
        this.tools = tools;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.get(PREFIX + "issue", ctx -> {
            MissionTools.IssueView view = tools.issue(issueId(ctx));
            Map<String, Object> body = new LinkedHashMap<>(trackerIssue(view.tracker()));
            body.put("orbitdock", IssueSummary.of(view.issue()));
            ctx.json(body);
        });
        routes.get(PREFIX + "comments", ctx -> ctx.json(Map.of("comments",
                tools.comments(issueId(ctx)).stream().map(MissionToolRoutes::comment).toList())));
        routes.post(PREFIX + "comments", ctx -> ctx.status(201).json(comment(
                tools.comment(issueId(ctx), bodies.read(ctx, CommentRequest.class).body()))));
        routes.patch(PREFIX + "comments/{commentId}", ctx -> ctx.json(comment(tools.updateComment(issueId(ctx),
                ctx.pathParam("commentId"), bodies.read(ctx, CommentRequest.class).body()))));
        routes.put(PREFIX + "workpad", ctx -> {
            MissionTools.Workpad workpad = tools.updateWorkpad(issueId(ctx),
                    bodies.read(ctx, CommentRequest.class).body());
            Map<String, Object> body = comment(workpad.comment());
            body.put("created", workpad.created());
            ctx.status(workpad.created() ? 201 : 200).json(body);
        });
        routes.post(PREFIX + "status", ctx -> {
            String state = bodies.read(ctx, StatusRequest.class).state();
            tools.setStatus(issueId(ctx), state);
            ctx.json(Map.of("state", state.strip()));
        });
        routes.post(PREFIX + "pull-request", ctx -> ctx.json(IssueSummary.of(
                tools.linkPr(issueId(ctx), bodies.read(ctx, PullRequestRequest.class).url()))));
        routes.post(PREFIX + "follow-ups", ctx -> {
            FollowUpRequest request = bodies.read(ctx, FollowUpRequest.class);
            ctx.status(201).json(trackerIssue(tools.createFollowUp(issueId(ctx), request.title(),
                    request.description())));
        });
        routes.post(PREFIX + "blocked", ctx -> ctx.json(IssueSummary.of(
                tools.reportBlocked(issueId(ctx), bodies.read(ctx, BlockedRequest.class).reason()))));
    }

    /** The auth filter let only issue tokens through to these paths. */
    private static String issueId(Context ctx) {
        return AuthFilter.token(ctx).map(token -> token.scope() instanceof TokenScope.Issue issue
                        ? issue.missionIssueId() : null)
                .orElseThrow(() -> new ApiException(401, "missing_token",
                        "The mission tools need the issue token of an agent run"));
    }

    private static Map<String, Object> comment(TrackerComment comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", comment.id());
        body.put("author", comment.author());
        body.put("created_at", comment.createdAt().toString());
        body.put("body", comment.body());
        return body;
    }

    private static Map<String, Object> trackerIssue(TrackerIssue issue) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", issue.id());
        body.put("identifier", issue.identifier());
        body.put("title", issue.title());
        body.put("description", issue.description());
        body.put("url", issue.url());
        body.put("state", issue.state());
        body.put("labels", issue.labels());
        body.put("priority", issue.priority());
        return body;
    }
}
