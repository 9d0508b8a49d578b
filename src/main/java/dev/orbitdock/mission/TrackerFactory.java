package dev.orbitdock.mission;

import dev.orbitdock.tracker.Tracker;

/**
 * Builds the tracker a mission's MISSION.md names. Supplied by the composition root, which knows the credentials
 * (config keys, environment) that this package must not reach for itself.
 */
@FunctionalInterface
public interface TrackerFactory {
    Tracker create(MissionRecord mission, MissionConfig config);
}
