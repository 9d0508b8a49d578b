package dev.orbitdock.http;

import dev.orbitdock.mission.IssueSummary;
import dev.orbitdock.mission.MissionIssue;
import dev.orbitdock.mission.MissionRecord;
import dev.orbitdock.mission.MissionService;
import dev.orbitdock.mission.MissionSummary;
import dev.orbitdock.mission.OrchestrationState;
import dev.orbitdock.mission.Transitions;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/missions…}: read missions and their issues, pause/resume/trigger, and move issues by hand. */
final class MissionRoutes {
    /** Body of {@code POST …/transition}. */
    record TransitionRequest(String to) {}

    private final MissionService missions;
    private final JsonBodies bodies;

    MissionRoutes(MissionService missions, JsonBodies bodies) {
        this.missions = missions;
        this.bodies = bodies;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/missions", ctx -> ctx.json(Map.of("missions",
                missions.list().stream().map(m -> MissionSummary.of(m, missions.issues(m.id()))).toList())));
        routes.get("/api/missions/{id}", ctx -> {
            MissionRecord mission = missions.require(ctx.pathParam("id"));
            List<MissionIssue> issues = missions.issues(mission.id());
            ctx.json(Map.of("mission", MissionSummary.of(mission, issues),
                    "issues", issues.stream().map(IssueSummary::of).toList()));
        });
        routes.get("/api/missions/{id}/issues", ctx -> ctx.json(Map.of("issues",
                missions.issues(ctx.pathParam("id")).stream().map(IssueSummary::of).toList())));
        routes.get("/api/missions/{id}/issues/{issue}", ctx -> ctx.json(IssueSummary.of(issue(ctx))));
        routes.post("/api/missions/{id}/pause", ctx -> summary(ctx, missions.setPaused(ctx.pathParam("id"), true)));
        routes.post("/api/missions/{id}/resume", ctx -> summary(ctx, missions.setPaused(ctx.pathParam("id"), false)));
        routes.post("/api/missions/{id}/trigger", ctx -> summary(ctx, missions.trigger(ctx.pathParam("id"))));
        routes.post("/api/missions/{id}/issues/{issue}/transition", this::transition);
        routes.post("/api/missions/{id}/issues/{issue}/retry", ctx -> ctx.json(IssueSummary.of(
                missions.transition(issue(ctx).id(), OrchestrationState.QUEUED))));
        routes.get("/api/transitions", ctx -> ctx.json(table()));
    }

    private void transition(Context ctx) {
        MissionIssue issue = issue(ctx);
        TransitionRequest request = bodies.read(ctx, TransitionRequest.class);
        OrchestrationState to = OrchestrationState.fromWire(request.to() == null ? "" : request.to())
                .orElseThrow(() -> ApiException.badRequest("Field 'to' must be one of "
                        + Arrays.stream(OrchestrationState.values()).map(OrchestrationState::wire).toList()));
        ctx.json(IssueSummary.of(missions.transition(issue.id(), to)));
    }

    private MissionIssue issue(Context ctx) {
        String missionId = missions.require(ctx.pathParam("id")).id();
        String issueId = ctx.pathParam("issue");
        return missions.issue(issueId).filter(i -> i.missionId().equals(missionId)).orElseThrow(() ->
                ApiException.notFound("issue_not_found", "No issue '" + issueId + "' in mission " + missionId));
    }

    private void summary(Context ctx, MissionRecord mission) {
        ctx.json(MissionSummary.of(mission, missions.issues(mission.id())));
    }

    /** The whole transition table, so clients need not hard-code it. */
    private static Map<String, Object> table() {
        Map<String, Object> manual = new LinkedHashMap<>();
        Map<String, Object> automatic = new LinkedHashMap<>();
        for (OrchestrationState state : OrchestrationState.values()) {
            manual.put(state.wire(), Transitions.manualFrom(state).stream().map(OrchestrationState::wire).sorted().toList());
            automatic.put(state.wire(), Transitions.automaticFrom(state).stream().map(OrchestrationState::wire).sorted()
                    .toList());
        }
        return Map.of("manual", manual, "automatic", automatic);
    }
}
