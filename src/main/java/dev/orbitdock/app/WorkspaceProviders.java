package dev.orbitdock.app;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.workspace.SmokeStep;
import dev.orbitdock.workspace.ssh.SshHost;
import dev.orbitdock.workspace.ssh.SshSettings;
import dev.orbitdock.workspace.ssh.SshWorkspaceProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** {@code mission provider test}: what the provider needs, exercised for real, step by step. */
    public static List<SmokeStep> smokeTest(String provider, ConfigStore config, Map<String, String> env) {
        return switch (provider) {
            case "local" -> List.of(localGit());
            case "ssh" -> {
                List<SmokeStep> steps = new ArrayList<>();
                long start = System.nanoTime();
                try (SshWorkspaceProvider ssh = new SshWorkspaceProvider(sshSettings(config, env),
                        SshWorkspaceProvider.Timing.DEFAULT)) {
                    steps.addAll(ssh.smokeTest());
                } catch (OrbitDockException e) {
                    steps.add(new SmokeStep("ssh settings", false, Duration.ofNanos(System.nanoTime() - start),
                            e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")")));
                }
                yield steps;
            }
            default -> throw new OrbitDockException("provider_not_available", "The " + provider
                    + " provider is not available in this build yet", "use local or ssh");
        };
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

    /** {@code ~/x} → the home directory's {@code x}: config values are typed by people. */
    private static Path path(String value, Map<String, String> env) {
        if (value.equals("~") || value.startsWith("~/")) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            return Path.of(home, value.substring(1).replaceFirst("^/", ""));
        }
        return Path.of(value);
    }
}
