-- Networking: members follow associations, keep a professional profile with a visibility per
-- field, and connect with one another.
CREATE TABLE association_follows (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    association_id TEXT NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, association_id)
);
CREATE INDEX association_follows_by_association ON association_follows (association_id);
CREATE INDEX association_follows_by_user_time ON association_follows (user_id, created_at, association_id);

-- Visibility of each field: public (anyone), members (signed-in users), connections, private.
CREATE TABLE member_profiles (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    headline TEXT,
    headline_visibility TEXT NOT NULL CHECK (headline_visibility IN ('public', 'members', 'connections', 'private')),
    -- JSON array of strings.
    skills TEXT NOT NULL,
    skills_visibility TEXT NOT NULL CHECK (skills_visibility IN ('public', 'members', 'connections', 'private')),
    bio TEXT,
    bio_visibility TEXT NOT NULL CHECK (bio_visibility IN ('public', 'members', 'connections', 'private')),
    associations_visibility TEXT NOT NULL CHECK (associations_visibility IN ('public', 'members', 'connections', 'private')),
    updated_at TIMESTAMP NOT NULL
);

-- One row per pair of members, whichever asked: `pair_key` is "<smaller id>:<larger id>", so two
-- people never have two requests or connections at once, in either direction.
CREATE TABLE connections (
    id TEXT PRIMARY KEY,
    pair_key TEXT NOT NULL UNIQUE,
    requester_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    addressee_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    message TEXT,
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    -- The requester withdrew a request the addressee had declined: kept (so it cannot be sent
    -- again and again) but no longer listed for the requester.
    withdrawn BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (requester_id <> addressee_id)
);
CREATE INDEX connections_by_requester ON connections (requester_id, status, id);
CREATE INDEX connections_by_addressee ON connections (addressee_id, status, id);
