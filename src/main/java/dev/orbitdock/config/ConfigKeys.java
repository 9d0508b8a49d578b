package dev.orbitdock.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of every setting. A feature that needs a setting adds it here, and only here. */
public final class ConfigKeys {
    private ConfigKeys() {}

    public static final ConfigKey BIND = new ConfigKey("bind", ValueType.HOST_PORT,
            "Address the server listens on", "127.0.0.1:4000", List.of());
    public static final ConfigKey PUBLIC_SERVER_URL = new ConfigKey("public_server_url", ValueType.URL,
            "URL at which remote workspaces reach this server", null, List.of());
    public static final ConfigKey WORKSPACE_PROVIDER = new ConfigKey("workspace_provider", ValueType.CHOICE,
            "Where agents run by default", "local", List.of("local", "daytona", "ssh", "docker"));
    public static final ConfigKey LOG_LEVEL = new ConfigKey("log_level", ValueType.CHOICE,
            "Server log verbosity", "info", List.of("error", "warn", "info", "debug"));
    public static final ConfigKey ANTHROPIC_API_KEY = new ConfigKey("anthropic_api_key", ValueType.SECRET,
            "Anthropic API key handed to Claude Code agents", null, List.of());
    public static final ConfigKey OPENAI_API_KEY = new ConfigKey("openai_api_key", ValueType.SECRET,
            "OpenAI API key handed to Codex agents", null, List.of());

    public static final ConfigKey GITHUB_TOKEN = new ConfigKey("github_token", ValueType.SECRET,
            "GitHub token for missions whose tracker is github", null, List.of());
    public static final ConfigKey LINEAR_API_KEY = new ConfigKey("linear_api_key", ValueType.SECRET,
            "Linear API key for missions whose tracker is linear", null, List.of());
    public static final ConfigKey SSH_HOSTS = new ConfigKey("ssh_hosts", ValueType.HOST_LIST,
            "SSH hosts that run workspaces (host or host:port, comma-separated)", null, List.of());
    public static final ConfigKey SSH_USER = new ConfigKey("ssh_user", ValueType.STRING,
            "User OrbitDock logs in as on the SSH hosts", null, List.of());
    public static final ConfigKey SSH_KEY_PATH = new ConfigKey("ssh_key_path", ValueType.STRING,
            "Private key file for the SSH hosts (RSA, ECDSA or Ed25519, unencrypted)", "~/.ssh/id_ed25519", List.of());
    public static final ConfigKey SSH_KNOWN_HOSTS = new ConfigKey("ssh_known_hosts", ValueType.STRING,
            "known_hosts file holding the SSH hosts' keys (unknown or changed keys are refused)",
            "~/.ssh/known_hosts", List.of());
    public static final ConfigKey SSH_MAX_WORKSPACES_PER_HOST = new ConfigKey("ssh_max_workspaces_per_host",
            ValueType.INTEGER, "Workspaces one SSH host runs at once", "4", List.of());
    public static final ConfigKey SSH_ORBITDOCK_COMMAND = new ConfigKey("ssh_orbitdock_command", ValueType.STRING,
            "How to run OrbitDock on the SSH hosts", "orbitdock", List.of());
    public static final ConfigKey SSH_WORKSPACE_ROOT = new ConfigKey("ssh_workspace_root", ValueType.STRING,
            "Directory for workspaces on the SSH hosts (relative: under the login's home)", "orbitdock-workspaces",
            List.of());
    public static final ConfigKey DAYTONA_API_URL = new ConfigKey("daytona_api_url", ValueType.URL,
            "Daytona API address", "https://app.daytona.io/api", List.of());
    public static final ConfigKey DAYTONA_API_KEY = new ConfigKey("daytona_api_key", ValueType.SECRET,
            "Daytona API key (sent as a bearer token to the API and the sandboxes' toolbox)", null, List.of());
    public static final ConfigKey DAYTONA_TARGET = new ConfigKey("daytona_target", ValueType.STRING,
            "Daytona target (region) sandboxes are created in", "us", List.of());
    public static final ConfigKey DAYTONA_IMAGE = new ConfigKey("daytona_image", ValueType.STRING,
            "Container image for sandboxes; it must provide git and OrbitDock", null, List.of());
    public static final ConfigKey DAYTONA_SNAPSHOT = new ConfigKey("daytona_snapshot", ValueType.STRING,
            "Daytona snapshot to create sandboxes from instead of daytona_image", null, List.of());
    public static final ConfigKey DAYTONA_CPU = new ConfigKey("daytona_cpu", ValueType.INTEGER,
            "CPU cores per sandbox (unset: Daytona's default)", null, List.of());
    public static final ConfigKey DAYTONA_MEMORY = new ConfigKey("daytona_memory", ValueType.INTEGER,
            "Memory per sandbox in GB (unset: Daytona's default)", null, List.of());
    public static final ConfigKey DAYTONA_DISK = new ConfigKey("daytona_disk", ValueType.INTEGER,
            "Disk per sandbox in GB (unset: Daytona's default)", null, List.of());
    public static final ConfigKey DAYTONA_AUTO_STOP_INTERVAL = new ConfigKey("daytona_auto_stop_interval",
            ValueType.INTEGER, "Idle minutes before Daytona stops a sandbox (0 never)", "30", List.of());
    public static final ConfigKey DAYTONA_AUTO_DELETE_INTERVAL = new ConfigKey("daytona_auto_delete_interval",
            ValueType.INTEGER, "Minutes after stopping before Daytona deletes a sandbox (negative never)", "60",
            List.of());
    public static final ConfigKey DAYTONA_ORBITDOCK_COMMAND = new ConfigKey("daytona_orbitdock_command",
            ValueType.STRING, "How to run OrbitDock inside a sandbox", "orbitdock", List.of());
    public static final ConfigKey DAYTONA_CREATE_TIMEOUT = new ConfigKey("daytona_create_timeout", ValueType.DURATION,
            "How long a sandbox may take to start before its workspace fails", "5m", List.of());
    public static final ConfigKey DOCKER_HOST = new ConfigKey("docker_host", ValueType.STRING,
            "Docker Engine address: unix:///path/to/docker.sock or tcp://host:port", "unix:///var/run/docker.sock",
            List.of());
    public static final ConfigKey DOCKER_IMAGE = new ConfigKey("docker_image", ValueType.STRING,
            "Image for workspace containers; it must provide sh, git and OrbitDock", null, List.of());
    public static final ConfigKey DOCKER_CPU = new ConfigKey("docker_cpu", ValueType.INTEGER,
            "CPU cores per container (unset: no limit)", null, List.of());
    public static final ConfigKey DOCKER_MEMORY = new ConfigKey("docker_memory", ValueType.INTEGER,
            "Memory per container in GB (unset: no limit)", null, List.of());
    public static final ConfigKey DOCKER_ORBITDOCK_COMMAND = new ConfigKey("docker_orbitdock_command",
            ValueType.STRING, "How to run OrbitDock inside a container", "orbitdock", List.of());
    public static final ConfigKey GIT_TOKEN = new ConfigKey("git_token", ValueType.SECRET,
            "Token for cloning private repos over https in remote workspaces", null, List.of());
    public static final ConfigKey SYNC_DRAIN_TIMEOUT = new ConfigKey("sync_drain_timeout", ValueType.DURATION,
            "How long a managed instance may take to replicate what is left when its agent ends", "30s", List.of());
    public static final ConfigKey SYNC_LOG_RETENTION = new ConfigKey("sync_log_retention", ValueType.DURATION,
            "How long the control plane keeps each replicated command in its sync audit log", "30d", List.of());
    public static final ConfigKey MISSION_TOOLS_COMMAND = new ConfigKey("mission_tools_command", ValueType.STRING,
            "How local agents start OrbitDock for its mission tools (words separated by spaces; unset: this"
                    + " OrbitDock's own Java command)", null, List.of());
    public static final ConfigKey WORKSPACE_CONNECT_TIMEOUT = new ConfigKey("workspace_connect_timeout",
            ValueType.DURATION, "How long a remote workspace's managed instance may take to reach public_server_url"
                    + " before its workspace fails", "60s", List.of());

    private static final Map<String, ConfigKey> ALL = index(
            BIND, PUBLIC_SERVER_URL, WORKSPACE_PROVIDER, LOG_LEVEL, ANTHROPIC_API_KEY, OPENAI_API_KEY, GITHUB_TOKEN,
            LINEAR_API_KEY, SSH_HOSTS, SSH_USER, SSH_KEY_PATH, SSH_KNOWN_HOSTS, SSH_MAX_WORKSPACES_PER_HOST,
            SSH_ORBITDOCK_COMMAND, SSH_WORKSPACE_ROOT, DAYTONA_API_URL, DAYTONA_API_KEY, DAYTONA_TARGET, DAYTONA_IMAGE,
            DAYTONA_SNAPSHOT, DAYTONA_CPU, DAYTONA_MEMORY, DAYTONA_DISK, DAYTONA_AUTO_STOP_INTERVAL,
            DAYTONA_AUTO_DELETE_INTERVAL, DAYTONA_ORBITDOCK_COMMAND, DAYTONA_CREATE_TIMEOUT, DOCKER_HOST, DOCKER_IMAGE,
            DOCKER_CPU, DOCKER_MEMORY, DOCKER_ORBITDOCK_COMMAND, GIT_TOKEN,
            SYNC_DRAIN_TIMEOUT, SYNC_LOG_RETENTION, MISSION_TOOLS_COMMAND, WORKSPACE_CONNECT_TIMEOUT);

    public static List<ConfigKey> all() {
        return List.copyOf(ALL.values());
    }

    public static Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** @throws UnknownConfigKeyException listing the valid keys */
    public static ConfigKey require(String name) {
        return find(name).orElseThrow(() -> new UnknownConfigKeyException(name, List.copyOf(ALL.keySet())));
    }

    private static Map<String, ConfigKey> index(ConfigKey... keys) {
        Map<String, ConfigKey> map = new LinkedHashMap<>();
        for (ConfigKey key : keys) {
            if (map.put(key.name(), key) != null) {
                throw new IllegalStateException("config key registered twice: " + key.name());
            }
        }
        return map;
    }
}
