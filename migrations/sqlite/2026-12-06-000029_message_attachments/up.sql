-- Files sent with messages (issue #15): uploaded into a conversation first, then sent with a
-- message (at most 5 to a message), read by whoever reads the conversation. One no message took,
-- or whose message was deleted, is removed with its file after a day.
CREATE TABLE message_attachments (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id TEXT REFERENCES messages (id) ON DELETE SET NULL,
    uploader_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    file_key TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX message_attachments_by_message ON message_attachments (message_id);
CREATE INDEX message_attachments_waiting ON message_attachments (created_at) WHERE message_id IS NULL;
