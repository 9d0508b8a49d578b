-- What `workspace list|show` and the dashboard show of each workspace's replication, and what the sync_log
-- sweeper searches by.
ALTER TABLE workspaces ADD COLUMN sync_outbox_depth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workspaces ADD COLUMN sync_lag_ms INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sync_log_received_at ON sync_log(received_at);
