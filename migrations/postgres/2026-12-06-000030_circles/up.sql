-- Circles (issue #15): thematic groups, open, on request or by invitation, with moderators,
-- members and read-only observers (institution staff, where a circle allows them); their threads
-- of posts (Markdown; deleted ones stay as tombstones), reports and moderation, and the folded
-- words of each thread for the search inside a circle.
CREATE TABLE circles (
    id TEXT PRIMARY KEY,
    name_ar TEXT,
    name_fr TEXT,
    name_en TEXT,
    description_ar TEXT,
    description_fr TEXT,
    description_en TEXT,
    -- Fields as ',youth,culture,' for the directory's filter ('' = none).
    fields TEXT NOT NULL,
    wilaya_code TEXT,
    policy TEXT NOT NULL CHECK (policy IN ('open', 'request', 'invite')),
    observers_allowed BOOLEAN NOT NULL,
    member_count BIGINT NOT NULL,
    thread_count BIGINT NOT NULL,
    -- The folded words of the name and description in every language, for the directory's search.
    search_text TEXT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_activity_at TIMESTAMP NOT NULL,
    CHECK (name_ar IS NOT NULL OR name_fr IS NOT NULL OR name_en IS NOT NULL)
);
CREATE INDEX circles_by_activity ON circles (last_activity_at, id);

-- Members (status 'active', role moderator, member or observer), requests and invitations.
CREATE TABLE circle_members (
    circle_id TEXT NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('active', 'requested', 'invited')),
    role TEXT NOT NULL CHECK (role IN ('moderator', 'member', 'observer')),
    invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (circle_id, user_id)
);
CREATE INDEX circle_members_by_user ON circle_members (user_id, status);

CREATE TABLE circle_threads (
    id TEXT PRIMARY KEY,
    circle_id TEXT NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('discussion', 'question')),
    pinned BOOLEAN NOT NULL,
    answer_post_id TEXT,
    reply_count BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_post_at TIMESTAMP NOT NULL
);
CREATE INDEX circle_threads_by_circle ON circle_threads (circle_id, pinned, last_post_at, id);

CREATE TABLE circle_posts (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES circle_threads (id) ON DELETE CASCADE,
    circle_id TEXT NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
    reply_to TEXT REFERENCES circle_posts (id) ON DELETE SET NULL,
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    opening BOOLEAN NOT NULL,
    body TEXT NOT NULL,
    -- The members it mentions, as ',id1,id2,' ('' = none).
    mentions TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    deleted_at TIMESTAMP,
    hidden_at TIMESTAMP,
    hidden_reason TEXT
);
CREATE INDEX circle_posts_by_thread ON circle_posts (thread_id, created_at, id);

-- One report per person and post; `resolved_at` is set when a moderator decides.
CREATE TABLE circle_reports (
    id TEXT PRIMARY KEY,
    circle_id TEXT NOT NULL REFERENCES circles (id) ON DELETE CASCADE,
    post_id TEXT NOT NULL REFERENCES circle_posts (id) ON DELETE CASCADE,
    reporter_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'offensive', 'off_topic', 'other')),
    details TEXT,
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    UNIQUE (post_id, reporter_id)
);
CREATE INDEX circle_reports_by_circle ON circle_reports (circle_id, resolved_at, created_at);

-- The folded words of a thread's title and live posts: the search inside a circle.
CREATE TABLE circle_terms (
    term TEXT NOT NULL,
    thread_id TEXT NOT NULL REFERENCES circle_threads (id) ON DELETE CASCADE,
    circle_id TEXT NOT NULL,
    PRIMARY KEY (term, thread_id)
);
CREATE INDEX circle_terms_by_thread ON circle_terms (thread_id);

-- A notification about a circle or one of its threads leads there.
ALTER TABLE notifications ADD COLUMN circle_id TEXT REFERENCES circles (id) ON DELETE CASCADE;
ALTER TABLE notifications ADD COLUMN thread_id TEXT REFERENCES circle_threads (id) ON DELETE CASCADE;
-- A change in a circle a member belongs to reaches their sockets.
ALTER TABLE member_events ADD COLUMN circle_id TEXT;
ALTER TABLE member_events ADD COLUMN thread_id TEXT;
