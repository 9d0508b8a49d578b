package dev.orbitdock.workspace.daytona;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The Daytona provider's settings ({@code daytona_*} config keys).
 *
 * @param target             the region sandboxes are created in; null lets Daytona choose
 * @param image              base image (sent as a one-line Dockerfile build); ignored when {@code snapshot} is set
 * @param snapshot           a snapshot to create sandboxes from; null to build from {@code image}
 * @param cpu                cores, memory and disk (GB): null leaves Daytona's defaults
 * @param autoStopMinutes    idle minutes before Daytona stops a sandbox (0 disables); always sent explicitly
 * @param autoDeleteMinutes  minutes after stopping before Daytona deletes it (negative disables): the backstop
 *                           that removes a sandbox a crashed control plane could not
 * @param orbitdockCommand   how to run OrbitDock inside the sandbox
 * @param createTimeout      how long a sandbox may take to reach {@code started}
 */
public record DaytonaSettings(URI apiUrl, String apiKey, String target, String image, String snapshot, Integer cpu,
                              Integer memory, Integer disk, int autoStopMinutes, int autoDeleteMinutes,
                              String orbitdockCommand, Duration createTimeout) {
    public DaytonaSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(orbitdockCommand, "orbitdockCommand");
        Objects.requireNonNull(createTimeout, "createTimeout");
        if (image == null && snapshot == null) {
            throw new IllegalArgumentException("a Daytona sandbox needs an image or a snapshot");
        }
    }

    @Override
    public String toString() {
        return "DaytonaSettings[" + apiUrl + ", target=" + target + ", image=" + image + ", snapshot=" + snapshot + "]";
    }
}
