-- What the orchestrator needs to order, poll and trigger missions.
ALTER TABLE missions ADD COLUMN last_polled_at TEXT;
ALTER TABLE missions ADD COLUMN last_poll_error TEXT;
ALTER TABLE missions ADD COLUMN trigger_requested_at TEXT;
ALTER TABLE mission_issues ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mission_issues ADD COLUMN tracker_created_at TEXT;
