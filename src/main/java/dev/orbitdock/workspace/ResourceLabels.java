package dev.orbitdock.workspace;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels every remote resource carries (ARCHITECTURE §6), so that an orphan sweep and re-adoption after a
 * restart find it again by workspace or by mission, and know its branch.
 */
public final class ResourceLabels {
    public static final String WORKSPACE = "orbitdock.workspace_id";
    public static final String MISSION = "orbitdock.mission_id";
    public static final String BRANCH = "orbitdock.branch";

    private ResourceLabels() {}

    /** The workspace and branch labels, and the mission label when the request names a mission. */
    public static Map<String, String> of(CreateWorkspaceRequest request) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(WORKSPACE, request.workspaceId());
        if (request.missionId() != null) {
            labels.put(MISSION, request.missionId());
        }
        labels.put(BRANCH, request.branch());
        return labels;
    }

    /** Whether a resource with {@code labels} is one of OrbitDock's workspaces that carries all of {@code wanted}. */
    public static boolean matches(Map<String, String> labels, Map<String, String> wanted) {
        return labels.containsKey(WORKSPACE) && labels.entrySet().containsAll(wanted.entrySet());
    }

    /** The workspace a labelled resource holds; {@code path} may be null (see {@link RemoteWorkspaceProvider#list}). */
    public static Workspace workspace(Map<String, String> labels, WorkspaceKind kind, Path path, String externalId) {
        return new Workspace(labels.get(WORKSPACE), kind, path, labels.getOrDefault(BRANCH, ""), externalId);
    }
}
