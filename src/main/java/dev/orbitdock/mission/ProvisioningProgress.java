package dev.orbitdock.mission;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One provisioning step of a remote workspace as {@code mission show} and clients read it back from the
 * workspace's {@code connection_info} ({@link ProvisioningLog} writes it).
 *
 * @param status  {@code running}, {@code finished} or {@code failed}
 * @param error   the provider's message when the step failed
 * @param endedAt    null while the step runs
 * @param deadlineAt when the step fails if still running; null for a step without a deadline
 */
public record ProvisioningProgress(String name, String status, String detail, String error, Instant startedAt,
                                   Instant endedAt, Instant deadlineAt) {

    /** How long the step took, or null while it runs. */
    public Duration took() {
        return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
    }

    static List<ProvisioningProgress> of(JsonNode info) {
        List<ProvisioningProgress> steps = new ArrayList<>();
        if (info != null) {
            info.path("provisioning").forEach(step -> steps.add(new ProvisioningProgress(step.path("name").asText(),
                    step.path("status").asText(), text(step, "detail"), text(step, "error"),
                    instant(step, "started_at"), instant(step, "ended_at"), instant(step, "deadline_at"))));
        }
        return List.copyOf(steps);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        return node.hasNonNull(field) ? Instant.parse(node.get(field).asText()) : null;
    }
}
