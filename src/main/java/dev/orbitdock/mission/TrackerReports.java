package dev.orbitdock.mission;

import dev.orbitdock.tracker.Tracker;
import dev.orbitdock.tracker.TrackerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the orchestrator tells the tracker (state moves, comments). Best effort: a tracker that cannot be told is
 * logged, and never changes what happened to the issue. A null tracker (it could not be built) is skipped.
 */
final class TrackerReports {
    private static final Logger log = LoggerFactory.getLogger(TrackerReports.class);

    private TrackerReports() {}

    static void moveState(Tracker tracker, String trackerIssueId, String state) {
        if (state == null || tracker == null) {
            return;
        }
        try {
            tracker.moveState(trackerIssueId, state);
        } catch (TrackerException e) {
            log.warn("could not move {} to '{}': {}", trackerIssueId, state, e.getMessage());
        }
    }

    static void comment(Tracker tracker, String trackerIssueId, String body) {
        if (tracker == null) {
            return;
        }
        try {
            tracker.comment(trackerIssueId, body);
        } catch (TrackerException e) {
            log.warn("could not comment on {}: {}", trackerIssueId, e.getMessage());
        }
    }
}
