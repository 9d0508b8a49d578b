package dev.orbitdock.mission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import dev.orbitdock.common.Patch;
import dev.orbitdock.store.PersistenceWriter;
import dev.orbitdock.store.WorkspaceCommand;
import dev.orbitdock.workspace.ProvisioningStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A workspace's provisioning steps as they happen, kept in its {@code connection_info} under {@code provisioning}
 * ({@code name}, {@code detail}, {@code status}, {@code started_at}, {@code ended_at}, and {@code deadline_at} for a
 * step with a deadline). A step's start (or failure) is a workspace update, so it reaches {@code /ws} like any other
 * change and {@code mission show} reads it back; its end rides on the next update (the next step's start, or the row
 * turning ready or running), so a step costs one write.
 */
final class ProvisioningLog {
    /** {@code https://user:token@host/…}: a clone URL may carry credentials, which are never stored. */
    private static final Pattern CREDENTIALS = Pattern.compile("://[^/@\\s]+@");
    private final String workspaceId;
    private final PersistenceWriter writer;
    private final Clock clock;
    private final Map<String, ObjectNode> steps = new LinkedHashMap<>();
    private Path path;

    ProvisioningLog(String workspaceId, PersistenceWriter writer, Clock clock) {
        this.workspaceId = workspaceId;
        this.writer = writer;
        this.clock = clock;
    }

    /** Records a step's start or end; a start or a failure persists the whole list. */
    synchronized void record(ProvisioningStep step) {
        Instant at = clock.instant();
        String now = at.toString();
        ObjectNode entry = switch (step.phase()) {
            case STARTED -> {
                ObjectNode started = Json.mapper().createObjectNode().put("name", step.name())
                        .put("status", "running").put("started_at", now);
                if (step.deadline() != null) {
                    started.put("deadline_at", at.plus(step.deadline()).toString());
                }
                if (step.detail() != null) {
                    started.put("detail", CREDENTIALS.matcher(step.detail()).replaceAll("://***@"));
                }
                steps.put(step.name(), started);
                yield started;
            }
            case FINISHED, FAILED -> steps.computeIfAbsent(step.name(), name -> Json.mapper().createObjectNode()
                    .put("name", name).put("started_at", now));
        };
        if (step.phase() != ProvisioningStep.Phase.STARTED) {
            entry.put("status", step.phase() == ProvisioningStep.Phase.FINISHED ? "finished" : "failed")
                    .put("ended_at", now);
            if (step.phase() == ProvisioningStep.Phase.FAILED && step.detail() != null) {
                entry.put("error", step.detail());
            }
        }
        // Only connection_info: the heartbeat stays the sync receiver's, which is how the connected step knows
        // the workspace reached the control plane.
        if (step.phase() != ProvisioningStep.Phase.FINISHED) {
            writer.write(new WorkspaceCommand.Update(workspaceId, Patch.absent(), Patch.absent(), Patch.set(info(null)),
                    Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent()));
        }
    }

    /** The workspace's directory on its machine, kept alongside the steps from now on. */
    synchronized void at(Path workspacePath) {
        this.path = workspacePath;
    }

    /**
     * The {@code connection_info} to write: the workspace's path (when known), every step so far, and the agent
     * process when it runs on this machine.
     */
    synchronized ObjectNode info(ProcessHandle agent) {
        ObjectNode info = WorkspaceRecord.info(path, agent, null);
        ArrayNode list = info.putArray("provisioning");
        steps.values().forEach(step -> list.add(step.deepCopy()));
        return info;
    }
}
