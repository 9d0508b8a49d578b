package dev.orbitdock.cli.init;

import dev.orbitdock.cli.init.Prompter.Choice;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import java.util.List;
import java.util.Map;

/**
 * What the wizard asks, as data. A provider or tracker that gains settings (its keys land in {@link ConfigKeys})
 * gets its questions by adding the key to its row here: one line.
 */
public final class WizardTables {
    private WizardTables() {}

    /** Workspace providers in the order shown; values are {@link ConfigKeys#WORKSPACE_PROVIDER}'s choices. */
    public static final List<Choice> PROVIDERS = List.of(
            new Choice("local", "Local — agents run on this machine (default)"),
            new Choice("daytona", "Daytona — cloud sandboxes"),
            new Choice("docker", "Docker — a container per workspace"),
            new Choice("ssh", "SSH — remote hosts you own"));

    /** The settings each provider needs. Remote-provider keys arrive with the remote-providers issue. */
    public static final Map<String, List<ConfigKey>> PROVIDER_KEYS = Map.of(
            "local", List.of(),
            "daytona", List.of(ConfigKeys.DAYTONA_API_URL, ConfigKeys.DAYTONA_API_KEY, ConfigKeys.DAYTONA_TARGET,
                    ConfigKeys.DAYTONA_IMAGE),
            "docker", List.of(ConfigKeys.DOCKER_HOST, ConfigKeys.DOCKER_IMAGE),
            "ssh", List.of(ConfigKeys.SSH_HOSTS, ConfigKeys.SSH_USER, ConfigKeys.SSH_KEY_PATH));

    /** Agent credentials, asked for every provider (remote workspaces need them handed over). */
    public static final List<ConfigKey> AGENT_KEYS = List.of(ConfigKeys.ANTHROPIC_API_KEY, ConfigKeys.OPENAI_API_KEY);

    /** Issue trackers: the kind itself lives in each MISSION.md; only its credential is server config. */
    public static final List<Choice> TRACKERS = List.of(
            new Choice("local", "Local directory — issues as files in the repo"),
            new Choice("github", "GitHub Issues"),
            new Choice("linear", "Linear"));

    public static final Map<String, List<ConfigKey>> TRACKER_KEYS = Map.of(
            "local", List.of(),
            "github", List.of(ConfigKeys.GITHUB_TOKEN),
            "linear", List.of(ConfigKeys.LINEAR_API_KEY));

    public static List<String> values(List<Choice> choices) {
        return choices.stream().map(Choice::value).toList();
    }
}
