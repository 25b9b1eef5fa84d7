-- Notifications that reach people (issue #11): who caused a notification (the member asking to
-- join, the one asking to connect), so that it can name them; and each member's choice of email
-- delivery. No row: the default, an email as soon as it happens.
ALTER TABLE notifications ADD COLUMN actor_id TEXT REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE notification_settings (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL CHECK (email IN ('immediately', 'never')),
    updated_at TIMESTAMP NOT NULL
);
