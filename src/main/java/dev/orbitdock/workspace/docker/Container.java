package dev.orbitdock.workspace.docker;

import java.util.Map;

/**
 * A container as the engine lists or inspects it.
 *
 * @param state the engine's word: {@code created}, {@code running}, {@code paused}, {@code restarting},
 *              {@code removing}, {@code exited} or {@code dead}
 */
public record Container(String id, String state, Map<String, String> labels) {
    public static final String RUNNING = "running";

    public Container {
        labels = Map.copyOf(labels);
    }

    public boolean running() {
        return RUNNING.equals(state);
    }
}
