-- Projects led by an association, with partners, followers, weighted milestones and updates; their
-- activities on the shared calendar with registrations; personal calendar feeds (the secret kept as
-- a hash); indicators with their actuals; and notifications about a project.
CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    title_ar TEXT,
    title_fr TEXT,
    title_en TEXT,
    summary_ar TEXT,
    summary_fr TEXT,
    summary_en TEXT,
    description_ar TEXT,
    description_fr TEXT,
    description_en TEXT,
    status TEXT NOT NULL CHECK (status IN ('identification', 'implementation', 'completed', 'suspended', 'cancelled')),
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'network', 'private')),
    country TEXT NOT NULL CHECK (country IN ('DZ', 'MA')),
    -- ",06,16," and ",158,": one delimited list each, matched with LIKE '%,06,%'.
    wilayas TEXT NOT NULL,
    communes TEXT NOT NULL,
    fields TEXT NOT NULL,
    budget BIGINT,
    currency TEXT NOT NULL CHECK (currency IN ('DZD', 'MAD', 'EUR', 'USD')),
    -- JSON: [{"name", "amount"}].
    funders TEXT NOT NULL,
    planned_start DATE,
    planned_end DATE,
    actual_start DATE,
    actual_end DATE,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX projects_by_association ON projects (association_id, created_at);
CREATE INDEX projects_by_date ON projects (created_at, id);

CREATE TABLE project_partners (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    association_id TEXT REFERENCES associations (id) ON DELETE CASCADE,
    institution_id TEXT REFERENCES institutions (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('implementing', 'funding', 'accountable')),
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_partners_by_association ON project_partners (association_id);

CREATE TABLE project_follows (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_follows_by_user ON project_follows (user_id);

CREATE TABLE project_milestones (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title_ar TEXT,
    title_fr TEXT,
    title_en TEXT,
    due_on DATE NOT NULL,
    weight INTEGER NOT NULL,
    done_on DATE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX project_milestones_by_project ON project_milestones (project_id, due_on);

CREATE TABLE project_updates (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    association_id TEXT NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    milestone_id TEXT REFERENCES project_milestones (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX project_updates_by_project ON project_updates (project_id, created_at, id);

-- The calendar reads by start: an activity lasts at most 92 days, so a window's activities start
-- at most 92 days before it. The project's visibility, lead and fields are copied here (kept in
-- step by every change of the project) so that a month is one index range.
CREATE TABLE activities (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    association_id TEXT NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    visibility TEXT NOT NULL,
    fields TEXT NOT NULL,
    title_ar TEXT,
    title_fr TEXT,
    title_en TEXT,
    description_ar TEXT,
    description_fr TEXT,
    description_en TEXT,
    time_zone TEXT NOT NULL,
    all_day BOOLEAN NOT NULL,
    start_local TIMESTAMP NOT NULL,
    end_local TIMESTAMP NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    commune_id INTEGER,
    wilaya_code TEXT,
    address TEXT,
    online_url TEXT,
    public BOOLEAN NOT NULL,
    cancelled_at TIMESTAMP,
    sequence INTEGER NOT NULL,
    capacity INTEGER,
    waitlist BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- With the end in the index, the 92 days before a window are skipped without reading a row.
CREATE INDEX activities_by_start ON activities (starts_at, ends_at);
CREATE INDEX activities_by_project ON activities (project_id, starts_at);

CREATE TABLE activity_registrations (
    activity_id TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX activity_registrations_by_user ON activity_registrations (user_id, status);

CREATE TABLE calendar_feeds (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- SHA-256 of the secret, hex: the address is shown once and never kept in clear.
    secret_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE indicators (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    result_kind TEXT NOT NULL CHECK (result_kind IN ('output', 'outcome', 'impact')),
    result_title_ar TEXT,
    result_title_fr TEXT,
    result_title_en TEXT,
    title_ar TEXT,
    title_fr TEXT,
    title_en TEXT,
    measure TEXT NOT NULL CHECK (measure IN ('unit', 'percentage')),
    unit TEXT,
    ascending BOOLEAN NOT NULL,
    baseline_value DOUBLE PRECISION,
    baseline_on DATE,
    -- JSON: [{"start", "end", "target"}].
    periods TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX indicators_by_project ON indicators (project_id, created_at);

CREATE TABLE indicator_actuals (
    id TEXT PRIMARY KEY,
    indicator_id TEXT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    value DOUBLE PRECISION NOT NULL,
    measured_on DATE NOT NULL,
    comment TEXT,
    wilaya_code TEXT,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX indicator_actuals_by_indicator ON indicator_actuals (indicator_id, measured_on);

ALTER TABLE notifications ADD COLUMN project_id TEXT REFERENCES projects (id) ON DELETE CASCADE;
