-- Notifications that reach people as each member chooses (issue #15): per topic, in the app or not,
-- and by email at once, in a daily or weekly digest, or never; the digests' time zone; each
-- notification's place in a digest; and the unsubscribe address an email carries in its headers.
CREATE TABLE notification_preferences (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    in_app BOOLEAN NOT NULL,
    email TEXT NOT NULL CHECK (email IN ('immediately', 'daily', 'weekly', 'never')),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, topic)
);

ALTER TABLE notification_settings ADD COLUMN time_zone TEXT;

-- Hidden from the app (the member wants it by email only).
ALTER TABLE notifications ADD COLUMN in_app BOOLEAN NOT NULL DEFAULT TRUE;
-- Waiting for the member's daily or weekly digest, until `digested_at`.
ALTER TABLE notifications ADD COLUMN digest TEXT CHECK (digest IN ('daily', 'weekly'));
ALTER TABLE notifications ADD COLUMN digested_at TIMESTAMP;
CREATE INDEX notifications_digest_waiting ON notifications (user_id, digest)
    WHERE digest IS NOT NULL AND digested_at IS NULL;

-- RFC 8058: the one-click unsubscribe address, sent as `List-Unsubscribe`; forgotten once sent.
ALTER TABLE outbox_emails ADD COLUMN unsubscribe_url TEXT;
