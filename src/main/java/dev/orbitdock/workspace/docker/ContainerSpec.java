package dev.orbitdock.workspace.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orbitdock.common.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code POST /containers/create} is sent: the image, labels, environment and limits of one workspace's
 * container. Its main process only keeps the container alive ({@code sleep infinity}); everything else runs as an
 * exec. {@code Init} puts Docker's init first, so the detached instance, whose exec has ended, is reaped.
 *
 * @param nanoCpus CPU limit in billionths of a core, or null for none
 * @param memory   memory limit in bytes, or null for none
 */
public record ContainerSpec(String image, Map<String, String> labels, Map<String, String> env, Long nanoCpus,
                            Long memory) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        labels = Map.copyOf(labels);
        env = Map.copyOf(env);
    }

    ObjectNode json() {
        ObjectNode body = Json.mapper().createObjectNode().put("Image", image);
        body.putArray("Entrypoint").add("sleep");
        body.putArray("Cmd").add("infinity");
        envList(env).forEach(body.putArray("Env")::add);
        ObjectNode labelsJson = body.putObject("Labels");
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> labelsJson.put(e.getKey(),
                e.getValue()));
        ObjectNode host = body.putObject("HostConfig").put("Init", true);
        if (nanoCpus != null) {
            host.put("NanoCpus", nanoCpus);
        }
        if (memory != null) {
            host.put("Memory", memory);
        }
        return body;
    }

    /** The engine's form of an environment: {@code NAME=value} strings. */
    static List<String> envList(Map<String, String> env) {
        return env.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                .toList();
    }
}
