-- Certificates issued when a learner completes a course: a short code to verify it by, the
-- signed Open Badges credential, and its place in the revocation status list.
CREATE TABLE certificates (
    id TEXT PRIMARY KEY,
    -- 10 letters and digits of the Crockford alphabet (50 bits), shown as XXXXX-XXXXX.
    code TEXT NOT NULL UNIQUE,
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- As they were at issuance: the certificate says what was true then.
    holder_name TEXT NOT NULL,
    course_title TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    -- The bit of this certificate in the revocation status list (chosen at random).
    status_index INTEGER NOT NULL UNIQUE,
    revoked_at TIMESTAMP,
    revoked_reason TEXT,
    revoked_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    -- The credential as a VC-JOSE JWT (EdDSA).
    credential TEXT NOT NULL,
    UNIQUE (course_id, user_id)
);
CREATE INDEX certificates_by_user ON certificates (user_id, issued_at);
