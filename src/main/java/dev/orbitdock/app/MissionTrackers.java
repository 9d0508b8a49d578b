package dev.orbitdock.app;

import dev.orbitdock.common.OrbitDockException;
import dev.orbitdock.config.ConfigKey;
import dev.orbitdock.config.ConfigKeys;
import dev.orbitdock.config.ConfigStore;
import dev.orbitdock.mission.MissionConfig;
import dev.orbitdock.mission.MissionRecord;
import dev.orbitdock.mission.TrackerFactory;
import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.github.GitHubTracker;
import dev.orbitdock.tracker.linear.LinearTracker;
import dev.orbitdock.tracker.local.LocalTracker;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place trackers are built for missions; it knows where credentials live, which the mission package
 * must not: the environment variable MISSION.md names (default {@code GITHUB_TOKEN} / {@code LINEAR_API_KEY}),
 * else the encrypted config ({@code github_token} / {@code linear_api_key}).
 */
final class MissionTrackers implements TrackerFactory {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Clock clock;
    private final ConfigStore config;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    /** One per directory, kept across polls: it caches what it parsed and warns once per bad file. */
    private final Map<Path, LocalTracker> localTrackers = new ConcurrentHashMap<>();

    MissionTrackers(Clock clock, ConfigStore config, Map<String, String> env) {
        this.clock = clock;
        this.config = config;
        this.env = Map.copyOf(env);
    }

    @Override
    public Tracker create(MissionRecord mission, MissionConfig missionConfig) {
        MissionConfig.TrackerConfig tracker = missionConfig.tracker();
        return switch (tracker.kind()) {
            case LOCAL -> localTrackers.computeIfAbsent(mission.repoPath().resolve(tracker.directory()).normalize(),
                    directory -> new LocalTracker(directory, clock));
            case GITHUB -> {
                String repo = tracker.repo();
                if (repo == null || !repo.contains("/")) {
                    throw new OrbitDockException("tracker_repo_missing", "tracker.repo must name the GitHub repo"
                            + " as owner/name", "add it to MISSION.md, e.g. tracker: {kind: github, repo: acme/shop}");
                }
                String[] parts = repo.split("/", 2);
                yield new GitHubTracker(GitHubTracker.DEFAULT_BASE_URL, parts[0], parts[1], tracker.projectNumber(),
                        credential(tracker, ConfigKeys.GITHUB_TOKEN), TIMEOUT, http, clock);
            }
            case LINEAR -> new LinearTracker(LinearTracker.DEFAULT_ENDPOINT,
                    credential(tracker, ConfigKeys.LINEAR_API_KEY), TIMEOUT, http, clock);
        };
    }

    private String credential(MissionConfig.TrackerConfig tracker, ConfigKey key) {
        String fromEnv = env.get(tracker.effectiveApiKeyEnv());
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        String stored = config.resolve(key).value();
        if (stored == null) {
            throw new OrbitDockException("tracker_credentials_missing", "No credentials for the "
                    + tracker.kind().wire() + " tracker: " + tracker.effectiveApiKeyEnv() + " is not set and "
                    + key.name() + " is not configured", "run: orbitdock config set " + key.name());
        }
        return stored;
    }
}
