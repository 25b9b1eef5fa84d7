-- Counters for rate limits that must hold across instances (sign-in, registration, reset links,
-- public lookups): one row per key and fixed window, counted with one atomic upsert.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits INTEGER NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);

-- Background jobs any instance may run (claimed with a lock that expires, like the outbox).
CREATE TABLE jobs (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    run_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    done_at TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX jobs_due ON jobs (done_at, run_at);

-- An email carrying a one-time link keeps no body once sent.
ALTER TABLE outbox_emails ADD COLUMN redact_after_send BOOLEAN NOT NULL DEFAULT FALSE;
