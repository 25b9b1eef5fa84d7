-- Messaging: direct, group and association-inbox conversations, their participants with a read
-- position each, messages numbered within their conversation; who blocks whom and who takes
-- messages; and each member's events in order (`seq`), which a socket or a poll catches up from.
CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('direct', 'group', 'inbox')),
    title TEXT,
    -- A direct conversation's two members, in order ("a|b"): one conversation per pair.
    pair_key TEXT UNIQUE,
    -- An inbox conversation's association: its current officers answer for it.
    association_id TEXT REFERENCES associations (id) ON DELETE CASCADE,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    last_message_at TIMESTAMP NOT NULL,
    -- The number of the latest message.
    last_seq BIGINT NOT NULL DEFAULT 0,
    CHECK ((kind = 'inbox') = (association_id IS NOT NULL)),
    CHECK ((kind = 'direct') = (pair_key IS NOT NULL))
);
CREATE INDEX conversations_by_association ON conversations (association_id, last_message_at);

-- Members on the conversation's side, and officers who read an inbox (`for_association`): their
-- read position. An officer's row stays when they stop being an officer; access follows the role.
CREATE TABLE conversation_participants (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    for_association BOOLEAN NOT NULL DEFAULT FALSE,
    joined_at TIMESTAMP NOT NULL,
    left_at TIMESTAMP,
    read_seq BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_participants_by_user ON conversation_participants (user_id, conversation_id);

CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    -- Written by an officer for the inbox's association, and signed with its name.
    as_association BOOLEAN NOT NULL DEFAULT FALSE,
    -- NULL once deleted (a tombstone keeps its place).
    body TEXT,
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    deleted_at TIMESTAMP,
    UNIQUE (conversation_id, seq)
);

CREATE TABLE member_blocks (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, blocked_id),
    CHECK (user_id <> blocked_id)
);
CREATE INDEX member_blocks_by_blocked ON member_blocks (blocked_id, user_id);

CREATE TABLE messaging_settings (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    accepts_messages BOOLEAN NOT NULL,
    read_receipts BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The latest event number of each member: the row is locked while an event is written, so a
-- member's events commit in the order of their numbers and a client that read up to n misses none.
CREATE TABLE member_event_heads (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL
);

-- What happened, per member, with ids only (the event is read with today's state of its objects).
CREATE TABLE member_events (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    conversation_id TEXT,
    message_id TEXT,
    notification_id TEXT,
    session_id TEXT,
    read_seq BIGINT,
    actor_id TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, seq)
);
CREATE INDEX member_events_by_date ON member_events (created_at);
