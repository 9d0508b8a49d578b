package dev.orbitdock.workspace.daytona;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The body of {@code POST /sandbox} ({@code CreateSandbox} of {@code @daytonaio/api-client}). An image is sent the
 * way Daytona's own SDK sends one: as a build whose Dockerfile is {@code FROM <image>}. {@code autoStopInterval}
 * is always present: left out, Daytona applies its own default and stops a sandbox whose agent is busy but quiet.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SandboxSpec(String snapshot, BuildInfo buildInfo, Map<String, String> env, Map<String, String> labels,
                          String target, Integer cpu, Integer memory, Integer disk,
                          @JsonInclude(JsonInclude.Include.ALWAYS) int autoStopInterval, int autoDeleteInterval) {
    public record BuildInfo(String dockerfileContent) {}

    public SandboxSpec {
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
    }

    static SandboxSpec of(DaytonaSettings settings, Map<String, String> labels) {
        BuildInfo build = settings.snapshot() == null ? new BuildInfo("FROM " + settings.image() + "\n") : null;
        return new SandboxSpec(settings.snapshot(), build, Map.of(), labels, settings.target(), settings.cpu(),
                settings.memory(), settings.disk(), settings.autoStopMinutes(), settings.autoDeleteMinutes());
    }
}
