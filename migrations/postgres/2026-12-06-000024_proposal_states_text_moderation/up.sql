-- States an institution defines for its answers to proposals ("referred to the wilaya", "in the
-- 2027 budget"), each a refinement of one of the base states; the state a proposal's answer and
-- each event of its history carry (with the institution that defined it); and free-text answers
-- that a moderator hid from the published results, with the reason.
CREATE TABLE proposal_states (
    institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    base_state TEXT NOT NULL CHECK (base_state IN ('evaluating', 'accepted', 'rejected')),
    label_ar TEXT,
    label_fr TEXT,
    label_en TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (institution_id, key)
);

ALTER TABLE proposals ADD COLUMN custom_state TEXT;
ALTER TABLE proposals ADD COLUMN custom_state_institution_id TEXT REFERENCES institutions (id) ON DELETE SET NULL;
ALTER TABLE proposals ADD COLUMN answer_custom_state TEXT;
ALTER TABLE proposal_events ADD COLUMN custom_state TEXT;
ALTER TABLE proposal_events ADD COLUMN institution_id TEXT REFERENCES institutions (id) ON DELETE SET NULL;

ALTER TABLE consultation_text_answers ADD COLUMN hidden_at TIMESTAMP;
ALTER TABLE consultation_text_answers ADD COLUMN hidden_reason TEXT;
