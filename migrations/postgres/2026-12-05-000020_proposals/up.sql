-- Proposals of a consultation that takes them, their supports (one per member), the organisers'
-- answer (drafted privately, then published) and the public history of their states.
ALTER TABLE consultations ADD COLUMN proposals_enabled BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    association_id TEXT REFERENCES associations (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    wilaya_code TEXT,
    support_count BIGINT NOT NULL,
    -- The published state; the answer's own state and text may be a draft (answer_published_at null).
    state TEXT NOT NULL CHECK (state IN ('not_answered', 'evaluating', 'accepted', 'rejected')),
    answer_state TEXT CHECK (answer_state IN ('not_answered', 'evaluating', 'accepted', 'rejected')),
    answer_ar TEXT,
    answer_fr TEXT,
    answer_en TEXT,
    answer_institution_id TEXT REFERENCES institutions (id) ON DELETE SET NULL,
    answered_at TIMESTAMP,
    answer_published_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX proposals_by_consultation ON proposals (consultation_id, support_count, id);
CREATE INDEX proposals_by_author ON proposals (author_id);

CREATE TABLE proposal_supports (
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX proposal_supports_by_user ON proposal_supports (user_id);

CREATE TABLE proposal_events (
    id TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX proposal_events_by_proposal ON proposal_events (proposal_id, created_at);
