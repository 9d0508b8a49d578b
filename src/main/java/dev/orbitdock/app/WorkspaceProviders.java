package dev.orbitdock.app;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.common.Durations;
import dev.orbitdock.workspace.InstanceTiming;
import dev.orbitdock.workspace.RemoteWorkspaceProvider;
import dev.orbitdock.workspace.SmokeStep;
import dev.orbitdock.workspace.WorkspaceKind;
import dev.orbitdock.workspace.daytona.DaytonaSettings;
import dev.orbitdock.workspace.daytona.DaytonaWorkspaceProvider;
import dev.orbitdock.workspace.docker.DockerSettings;
import dev.orbitdock.workspace.docker.DockerWorkspaceProvider;
import dev.orbitdock.workspace.ssh.SshHost;
import dev.orbitdock.workspace.ssh.SshSettings;
import dev.orbitdock.workspace.ssh.SshWorkspaceProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds each workspace provider from the configuration, and runs its smoke test. */
public final class WorkspaceProviders {
    private WorkspaceProviders() {}

    /** The ssh pool from the {@code ssh_*} keys; a missing required key is an error naming it. */
    public static SshSettings sshSettings(ConfigStore config, Map<String, String> env) {
        return new SshSettings(SshHost.parseList(required(config, ConfigKeys.SSH_HOSTS)),
                required(config, ConfigKeys.SSH_USER), path(required(config, ConfigKeys.SSH_KEY_PATH), env),
                path(required(config, ConfigKeys.SSH_KNOWN_HOSTS), env),
                Integer.parseInt(required(config, ConfigKeys.SSH_MAX_WORKSPACES_PER_HOST)),
                required(config, ConfigKeys.SSH_ORBITDOCK_COMMAND), required(config, ConfigKeys.SSH_WORKSPACE_ROOT),
                Duration.ofSeconds(10));
    }

    /** The Daytona account and sandbox shape from the {@code daytona_*} keys; an image or a snapshot is required. */
    public static DaytonaSettings daytonaSettings(ConfigStore config) {
        URI api = URI.create(required(config, ConfigKeys.DAYTONA_API_URL));
        String key = required(config, ConfigKeys.DAYTONA_API_KEY);
        String snapshot = optional(config, ConfigKeys.DAYTONA_SNAPSHOT);
        String image = snapshot == null ? required(config, ConfigKeys.DAYTONA_IMAGE)
                : optional(config, ConfigKeys.DAYTONA_IMAGE);
        return new DaytonaSettings(api, key, optional(config, ConfigKeys.DAYTONA_TARGET), image,
                snapshot, integer(config, ConfigKeys.DAYTONA_CPU), integer(config, ConfigKeys.DAYTONA_MEMORY),
                integer(config, ConfigKeys.DAYTONA_DISK),
                Integer.parseInt(required(config, ConfigKeys.DAYTONA_AUTO_STOP_INTERVAL)),
                Integer.parseInt(required(config, ConfigKeys.DAYTONA_AUTO_DELETE_INTERVAL)),
                required(config, ConfigKeys.DAYTONA_ORBITDOCK_COMMAND),
                Durations.parse(required(config, ConfigKeys.DAYTONA_CREATE_TIMEOUT)).orElseThrow());
    }

    /** The engine and container shape from the {@code docker_*} keys; the image is required. */
    public static DockerSettings dockerSettings(ConfigStore config) {
        return new DockerSettings(required(config, ConfigKeys.DOCKER_HOST), required(config, ConfigKeys.DOCKER_IMAGE),
                integer(config, ConfigKeys.DOCKER_CPU), integer(config, ConfigKeys.DOCKER_MEMORY),
                required(config, ConfigKeys.DOCKER_ORBITDOCK_COMMAND));
    }

    /** A remote provider built from the configuration; the caller closes it. */
    static RemoteWorkspaceProvider remote(WorkspaceKind kind, ConfigStore config, Map<String, String> env) {
        return switch (kind) {
            case SSH -> new SshWorkspaceProvider(sshSettings(config, env), InstanceTiming.DEFAULT);
            case DAYTONA -> new DaytonaWorkspaceProvider(daytonaSettings(config), optional(config, ConfigKeys.GIT_TOKEN),
                    InstanceTiming.DEFAULT);
            case DOCKER -> new DockerWorkspaceProvider(dockerSettings(config), optional(config, ConfigKeys.GIT_TOKEN),
                    InstanceTiming.DEFAULT);
            case LOCAL -> throw new IllegalArgumentException("the local provider is not a remote one");
        };
    }

    /** {@code mission provider test}: what the provider needs, exercised for real, step by step. */
    public static List<SmokeStep> smokeTest(String provider, ConfigStore config, Map<String, String> env) {
        return switch (provider) {
            case "local" -> List.of(localGit());
            case "ssh" -> smoke(WorkspaceKind.SSH, config, env);
            case "daytona" -> smoke(WorkspaceKind.DAYTONA, config, env);
            case "docker" -> smoke(WorkspaceKind.DOCKER, config, env);
            default -> throw new OrbitDockException("provider_unknown", "There is no workspace provider named "
                    + provider, "use local, ssh, daytona or docker");
        };
    }

    /** A remote provider's smoke test; settings it cannot be built from are one failed step saying what to set. */
    private static List<SmokeStep> smoke(WorkspaceKind kind, ConfigStore config, Map<String, String> env) {
        long start = System.nanoTime();
        try (RemoteWorkspaceProvider provider = remote(kind, config, env)) {
            return provider.smokeTest();
        } catch (OrbitDockException e) {
            return List.of(new SmokeStep(kind.name().toLowerCase(Locale.ROOT) + " settings", false,
                    Duration.ofNanos(System.nanoTime() - start), e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")")));
        }
    }

    private static SmokeStep localGit() {
        long start = System.nanoTime();
        try {
            Process git = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).strip();
            boolean ok = git.waitFor() == 0;
            return new SmokeStep("git on this machine", ok, Duration.ofNanos(System.nanoTime() - start), out);
        } catch (java.io.IOException e) {
            return new SmokeStep("git on this machine", false, Duration.ofNanos(System.nanoTime() - start),
                    "git not found: install git");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String required(ConfigStore config, ConfigKey key) {
        String value = config.resolve(key).value();
        if (value == null || value.isBlank()) {
            throw new OrbitDockException("missing_setting", key.name() + " is not set (" + key.description() + ")",
                    "orbitdock config set " + key.name() + " <value>, or run orbitdock init");
        }
        return value;
    }

    private static String optional(ConfigStore config, ConfigKey key) {
        String value = config.resolve(key).value();
        return value == null || value.isBlank() ? null : value;
    }

    private static Integer integer(ConfigStore config, ConfigKey key) {
        String value = optional(config, key);
        return value == null ? null : Integer.valueOf(value);
    }

    /** {@code ~/x} → the home directory's {@code x}: config values are typed by people. */
    private static Path path(String value, Map<String, String> env) {
        if (value.equals("~") || value.startsWith("~/")) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            return Path.of(home, value.substring(1).replaceFirst("^/", ""));
        }
        return Path.of(value);
    }
}
