-- Institutions (the observatory, ministries, councils, wilaya administrations) and their staff;
-- consultations they run, the answers of associations or members, and the results kept as
-- running tallies (updated in the transaction that submits an answer, so that reading the results
-- never walks the answers).
CREATE TABLE institutions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('observatory', 'ministry', 'council', 'wilaya_administration', 'other')),
    name_ar TEXT,
    name_fr TEXT,
    name_en TEXT,
    acronym TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (name_ar IS NOT NULL OR name_fr IS NOT NULL OR name_en IS NOT NULL)
);

CREATE TABLE institution_staff (
    institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('manager', 'staff')),
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (institution_id, user_id)
);
CREATE INDEX institution_staff_by_user ON institution_staff (user_id);

CREATE TABLE consultations (
    id TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    title_ar TEXT,
    title_fr TEXT,
    title_en TEXT,
    summary_ar TEXT,
    summary_fr TEXT,
    summary_en TEXT,
    body_ar TEXT,
    body_fr TEXT,
    body_en TEXT,
    respondent TEXT NOT NULL CHECK (respondent IN ('association', 'member')),
    -- The audience as JSON, and its wilayas and fields as ',06,16,' for the list's filters ('' = any).
    audience TEXT NOT NULL,
    audience_wilayas TEXT NOT NULL,
    audience_fields TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'results_published')),
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    allow_edit BOOLEAN NOT NULL,
    questionnaire TEXT NOT NULL,
    -- Final answers, and answers saved at all (the questionnaire freezes at the first).
    answer_count BIGINT NOT NULL,
    response_count BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    results_published_at TIMESTAMP,
    CHECK (title_ar IS NOT NULL OR title_fr IS NOT NULL OR title_en IS NOT NULL),
    CHECK (closes_at > opens_at)
);
CREATE INDEX consultations_by_opening ON consultations (opens_at, id);

CREATE TABLE consultation_organisers (
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    owner BOOLEAN NOT NULL,
    PRIMARY KEY (consultation_id, institution_id)
);
CREATE INDEX consultation_organisers_by_institution ON consultation_organisers (institution_id);

-- One answer per respondent: 'association:<id>' or 'user:<id>'.
CREATE TABLE consultation_responses (
    id TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    respondent_key TEXT NOT NULL,
    association_id TEXT REFERENCES associations (id) ON DELETE SET NULL,
    user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    answers TEXT NOT NULL,
    -- Where the respondent stood when it was submitted (the results' breakdowns).
    wilaya_code TEXT,
    fields TEXT NOT NULL,
    submitted_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    UNIQUE (consultation_id, respondent_key)
);
CREATE INDEX consultation_responses_by_association ON consultation_responses (association_id);
CREATE INDEX consultation_responses_by_user ON consultation_responses (user_id);

-- Running results: per question and option (or value), overall ('all', '') and per wilaya and
-- field; `total` sums ranks (ranking) or values (number, scale).
CREATE TABLE consultation_tallies (
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    option_key TEXT NOT NULL,
    dimension TEXT NOT NULL,
    dimension_value TEXT NOT NULL,
    count BIGINT NOT NULL,
    total DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (consultation_id, question_id, option_key, dimension, dimension_value)
);

-- Free-text answers, listed under the results without their respondent.
CREATE TABLE consultation_text_answers (
    id TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    response_id TEXT NOT NULL REFERENCES consultation_responses (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX consultation_text_answers_by_question ON consultation_text_answers (consultation_id, question_id, created_at, id);
CREATE INDEX consultation_text_answers_by_response ON consultation_text_answers (response_id);
