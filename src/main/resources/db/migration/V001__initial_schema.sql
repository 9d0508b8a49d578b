-- Initial OrbitDock schema: everything the control plane and a managed workspace store.
-- Times are ISO-8601 UTC text; JSON columns hold JSON text.

CREATE TABLE missions (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    repo_path    TEXT NOT NULL,
    tracker      TEXT,
    config_json  TEXT,
    parse_error  TEXT,
    paused       INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE mission_issues (
    id                TEXT PRIMARY KEY,
    mission_id        TEXT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
    tracker_issue_id  TEXT NOT NULL,
    identifier        TEXT NOT NULL,
    title             TEXT NOT NULL,
    url               TEXT,
    state             TEXT NOT NULL,
    attempt           INTEGER NOT NULL DEFAULT 0,
    workspace_id      TEXT,
    session_id        TEXT,
    retry_due_at      TEXT,
    last_error        TEXT,
    pr_url            TEXT,
    last_heartbeat_at TEXT,
    last_progress_at  TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (mission_id, tracker_issue_id)
);
CREATE INDEX mission_issues_state ON mission_issues(mission_id, state);

CREATE TABLE workspaces (
    id                 TEXT PRIMARY KEY,
    mission_issue_id   TEXT,
    session_id         TEXT,
    provider           TEXT NOT NULL,
    external_id        TEXT,
    repo_url           TEXT,
    branch             TEXT,
    status             TEXT NOT NULL,
    connection_info    TEXT,
    -- id of the workspace's row in auth_tokens; the token itself is never stored
    sync_token         TEXT,
    sync_acked_through INTEGER NOT NULL DEFAULT 0,
    sync_generation    INTEGER NOT NULL DEFAULT 0,
    last_heartbeat_at  TEXT,
    last_error         TEXT,
    created_at         TEXT NOT NULL,
    ready_at           TEXT,
    destroyed_at       TEXT
);
CREATE INDEX workspaces_mission_issue ON workspaces(mission_issue_id);

CREATE TABLE sessions (
    id                  TEXT PRIMARY KEY,
    provider            TEXT NOT NULL,
    status              TEXT NOT NULL,
    workspace_id        TEXT,
    mission_issue_id    TEXT,
    cwd                 TEXT,
    model               TEXT,
    title               TEXT,
    external_session_id TEXT,
    started_at          TEXT NOT NULL,
    last_activity_at    TEXT,
    last_progress_at    TEXT,
    ended_at            TEXT,
    end_reason          TEXT
);

CREATE TABLE conversation_rows (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    sequence    INTEGER NOT NULL,
    turn_id     TEXT,
    row_type    TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (session_id, sequence)
);

CREATE TABLE token_usage (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id          TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    turn_id             TEXT,
    model               TEXT,
    input_tokens        INTEGER NOT NULL,
    output_tokens       INTEGER NOT NULL,
    cached_input_tokens INTEGER NOT NULL,
    cost_usd            REAL NOT NULL,
    recorded_at         TEXT NOT NULL
);
CREATE INDEX token_usage_session ON token_usage(session_id);

CREATE TABLE sync_outbox (
    sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
    command_json TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE sync_log (
    workspace_id TEXT NOT NULL,
    sequence     INTEGER NOT NULL,
    generation   INTEGER NOT NULL,
    command_json TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    PRIMARY KEY (workspace_id, sequence)
);

CREATE TABLE config (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE auth_tokens (
    id           TEXT PRIMARY KEY,
    label        TEXT NOT NULL,
    scope        TEXT NOT NULL,
    salt         TEXT NOT NULL,
    hash         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    revoked_at   TEXT
);
