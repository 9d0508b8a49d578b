package dev.orbitdock.agent;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Finds an agent CLI before starting it, so a missing install fails the issue with how to install it. */
final class CliExecutable {
    private CliExecutable() {}

    /**
     * A name with a slash is a path (relative to the workspace); a bare name is looked up on the {@code PATH} the
     * agent will get (the last of the environments that sets one).
     *
     * @throws AgentStartException "<kind> CLI not found; install with `<install>`"
     */
    static String resolve(String configured, Path workdir, List<Map<String, String>> envLayers, String kind,
                          String install) {
        if (configured.contains("/")) {
            Path path = workdir.resolve(configured);
            if (Files.isExecutable(path)) {
                return path.toString();
            }
        } else {
            for (String dir : path(envLayers).split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, configured))) {
                    return Path.of(dir, configured).toString();
                }
            }
        }
        throw new AgentStartException(kind + " CLI not found; install with `" + install + "`",
                "looked for '" + configured + "'; or point agent." + kind + ".executable in MISSION.md at it", null);
    }

    private static String path(List<Map<String, String>> envLayers) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (Map<String, String> layer : envLayers) {
            path = layer.getOrDefault("PATH", path);
        }
        return path;
    }
}
