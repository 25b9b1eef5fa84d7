-- Bulk imports of associations by observatory staff: progress and row-level report, kept in the
-- database so any instance can answer how an import is going.
CREATE TABLE import_jobs (
    id TEXT PRIMARY KEY,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    dry_run BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('validating', 'writing', 'succeeded', 'failed')),
    total_rows BIGINT NOT NULL,
    processed_rows BIGINT NOT NULL,
    created_count BIGINT NOT NULL,
    -- JSON array of {row, field, code, message}.
    errors TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
