-- The association registry: profiles, fields, search terms, members, join requests, the staff audit
-- log and in-app notifications.
CREATE TABLE associations (
    id TEXT PRIMARY KEY,
    name_ar TEXT,
    name_fr TEXT,
    name_en TEXT,
    -- The folded name, for ordering by name and for the name cursor.
    sort_name TEXT NOT NULL,
    acronym TEXT,
    registration_number TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL CHECK (category IN ('national', 'inter_wilaya', 'wilaya', 'communal')),
    wilaya_code TEXT NOT NULL REFERENCES wilayas (code),
    commune_id INTEGER REFERENCES communes (id),
    address TEXT,
    founded_on DATE,
    size_band TEXT NOT NULL CHECK (size_band IN ('tiny', 'small', 'medium', 'large', 'very_large')),
    description_ar TEXT,
    description_fr TEXT,
    description_en TEXT,
    -- JSON: {"email": {...}, "phone": {...}, "website": {...}, "social_links": [...]}, each with `public`.
    contacts TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected', 'suspended')),
    status_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (name_ar IS NOT NULL OR name_fr IS NOT NULL OR name_en IS NOT NULL)
);
CREATE INDEX associations_by_name ON associations (sort_name, id);
CREATE INDEX associations_by_created ON associations (created_at, id);
CREATE INDEX associations_by_wilaya ON associations (wilaya_code, commune_id);
CREATE INDEX associations_by_status ON associations (status, created_at);

CREATE TABLE association_fields (
    association_id TEXT NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    PRIMARY KEY (association_id, field)
);
CREATE INDEX association_fields_by_field ON association_fields (field, association_id);

-- Folded words of names, acronym and description; a word prefix is a range scan on (term).
CREATE TABLE association_terms (
    term TEXT NOT NULL,
    association_id TEXT NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    weight INTEGER NOT NULL,
    PRIMARY KEY (term, association_id)
);
CREATE INDEX association_terms_by_association ON association_terms (association_id);

CREATE TABLE association_members (
    association_id TEXT NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    joined_at TIMESTAMP NOT NULL,
    PRIMARY KEY (association_id, user_id)
);
CREATE INDEX association_members_by_user ON association_members (user_id);

CREATE TABLE join_requests (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    decided_by TEXT
);
CREATE INDEX join_requests_by_association ON join_requests (association_id, status, created_at);
CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (association_id, user_id) WHERE status = 'pending';

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    actor_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    reason TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (created_at, id);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    association_id TEXT,
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_by_user ON notifications (user_id, created_at);
