package dev.orbitdock.workspace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels every remote resource carries (ARCHITECTURE §6), so that an orphan sweep and re-adoption after a
 * restart find it again by workspace or by mission.
 */
public final class ResourceLabels {
    public static final String WORKSPACE = "orbitdock.workspace_id";
    public static final String MISSION = "orbitdock.mission_id";

    private ResourceLabels() {}

    /** The workspace label, and the mission label when the request names a mission. */
    public static Map<String, String> of(CreateWorkspaceRequest request) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(WORKSPACE, request.workspaceId());
        if (request.missionId() != null) {
            labels.put(MISSION, request.missionId());
        }
        return labels;
    }
}
