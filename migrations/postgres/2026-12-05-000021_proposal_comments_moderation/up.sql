-- Comments on proposals (threaded three deep; deleted ones stay as tombstones), reports and the
-- moderators' decisions, people blocked from a consultation, and a proposal routed to another
-- institution with a day its answer is due.
ALTER TABLE proposals ADD COLUMN routed_institution_id TEXT REFERENCES institutions (id) ON DELETE SET NULL;
ALTER TABLE proposals ADD COLUMN routed_at TIMESTAMP;
ALTER TABLE proposals ADD COLUMN answer_due DATE;
ALTER TABLE proposals ADD COLUMN comment_count BIGINT NOT NULL DEFAULT 0;
-- Hidden by a moderator (with the reason its author is told) or by three reports (no reason).
ALTER TABLE proposals ADD COLUMN hidden_at TIMESTAMP;
ALTER TABLE proposals ADD COLUMN hidden_reason TEXT;

CREATE TABLE proposal_comments (
    id TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES proposal_comments (id) ON DELETE CASCADE,
    depth INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 3),
    -- NULL once its author's account is deleted: the comment then reads as a tombstone.
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    deleted_at TIMESTAMP,
    hidden_at TIMESTAMP,
    hidden_reason TEXT
);
CREATE INDEX proposal_comments_by_proposal ON proposal_comments (proposal_id, created_at, id);
CREATE INDEX proposal_comments_by_author ON proposal_comments (author_id);

-- One report per person and item; `resolved_at` is set when a moderator decides on the item.
CREATE TABLE moderation_reports (
    id TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('proposal', 'comment')),
    subject_id TEXT NOT NULL,
    reporter_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'offensive', 'off_topic', 'other')),
    details TEXT,
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    UNIQUE (subject_kind, subject_id, reporter_id)
);
CREATE INDEX moderation_reports_by_consultation ON moderation_reports (consultation_id, resolved_at, created_at);
CREATE INDEX moderation_reports_by_subject ON moderation_reports (subject_id);

CREATE TABLE consultation_blocks (
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    blocked_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (consultation_id, user_id)
);

-- A notification about a proposal leads to it.
ALTER TABLE notifications ADD COLUMN proposal_id TEXT REFERENCES proposals (id) ON DELETE CASCADE;
